using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Tasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UserTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Assignee = table.Column<string>(type: "TEXT", maxLength: 191, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcomes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CompletionComment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OriginWorkflowInstanceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OriginActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedBy = table.Column<string>(type: "TEXT", maxLength: 191, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserTaskCandidates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsOffered = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserTaskCandidates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserTaskCandidates_UserTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "UserTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserTaskComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 191, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserTaskComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserTaskComments_UserTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "UserTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UserTaskCandidates_TaskId",
                table: "UserTaskCandidates",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_UserTaskCandidates_TenantId",
                table: "UserTaskCandidates",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UserTaskCandidates_TenantId_IsOffered_Key_TaskId",
                table: "UserTaskCandidates",
                columns: new[] { "TenantId", "IsOffered", "Key", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_UserTaskComments_TaskId",
                table: "UserTaskComments",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_UserTaskComments_TenantId",
                table: "UserTaskComments",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UserTasks_TenantId",
                table: "UserTasks",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UserTasks_TenantId_Assignee_Status_DueAt",
                table: "UserTasks",
                columns: new[] { "TenantId", "Assignee", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UserTasks_TenantId_CreatedBy_Status",
                table: "UserTasks",
                columns: new[] { "TenantId", "CreatedBy", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_UserTasks_TenantId_DocumentId",
                table: "UserTasks",
                columns: new[] { "TenantId", "DocumentId" });

            migrationBuilder.CreateIndex(
                name: "IX_UserTasks_TenantId_Status_DueAt",
                table: "UserTasks",
                columns: new[] { "TenantId", "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UserTaskCandidates");

            migrationBuilder.DropTable(
                name: "UserTaskComments");

            migrationBuilder.DropTable(
                name: "UserTasks");
        }
    }
}
