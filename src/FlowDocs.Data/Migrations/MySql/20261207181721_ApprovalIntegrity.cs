using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class ApprovalIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExcludedUser",
                table: "UserTasks",
                type: "varchar(191)",
                maxLength: 191,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Documents",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "DocumentAuditEvents",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "DocumentAuditEvents",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "DocumentAuditEvents",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "char(36)", nullable: false),
                    TenantId = table.Column<Guid>(type: "char(36)", nullable: false),
                    DocumentId = table.Column<Guid>(type: "char(36)", nullable: false),
                    VersionId = table.Column<Guid>(type: "char(36)", nullable: false),
                    VersionNumber = table.Column<int>(type: "int", nullable: false),
                    VersionSha256 = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: false),
                    Comment = table.Column<string>(type: "varchar(4000)", maxLength: 4000, nullable: true),
                    Votes = table.Column<string>(type: "longtext", nullable: true),
                    WorkflowDefinitionId = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: true),
                    WorkflowDefinitionVersion = table.Column<int>(type: "int", nullable: true),
                    WorkflowInstanceId = table.Column<Guid>(type: "char(36)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentDecisions", x => x.Id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentAuditEvents_TenantId_Sequence",
                table: "DocumentAuditEvents",
                columns: new[] { "TenantId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentDecisions_TenantId",
                table: "DocumentDecisions",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentDecisions_TenantId_DocumentId_VersionNumber_DecidedAt",
                table: "DocumentDecisions",
                columns: new[] { "TenantId", "DocumentId", "VersionNumber", "DecidedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentDecisions");

            migrationBuilder.DropIndex(
                name: "IX_DocumentAuditEvents_TenantId_Sequence",
                table: "DocumentAuditEvents");

            migrationBuilder.DropColumn(
                name: "ExcludedUser",
                table: "UserTasks");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "DocumentAuditEvents");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "DocumentAuditEvents");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "DocumentAuditEvents");
        }
    }
}
