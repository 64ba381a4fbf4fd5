using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 191,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Documents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "DocumentAuditEvents",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "DocumentAuditEvents",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "DocumentAuditEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    VersionSha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Votes = table.Column<string>(type: "longtext", nullable: true),
                    WorkflowDefinitionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WorkflowDefinitionVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    WorkflowInstanceId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentDecisions", x => x.Id);
                });

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
