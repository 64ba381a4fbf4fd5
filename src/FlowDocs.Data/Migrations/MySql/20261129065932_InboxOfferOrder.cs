using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class InboxOfferOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DueSort",
                table: "UserTaskCandidates",
                type: "datetime(6)",
                precision: 6,
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "UserTaskCandidates",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Existing offers take their task's due date (none: the sentinel that sorts last) and priority.
            migrationBuilder.Sql(
                "UPDATE UserTaskCandidates SET " +
                "DueSort = COALESCE((SELECT t.DueAt FROM UserTasks t WHERE t.Id = UserTaskCandidates.TaskId), '9999-12-31 00:00:00'), " +
                "Priority = COALESCE((SELECT t.Priority FROM UserTasks t WHERE t.Id = UserTaskCandidates.TaskId), 0)");

            // The MySQL provider drops the DESC of an index column, so these are written by hand: with Priority
            // descending inside the index, a key's offers come out in page order and MySQL needs no filesort.
            migrationBuilder.Sql(
                "CREATE INDEX `IX_UserTaskCandidates_Offers_Due` ON `UserTaskCandidates` " +
                "(`TenantId`, `IsOffered`, `Key`, `DueSort`, `Priority` DESC, `TaskId`)");
            migrationBuilder.Sql(
                "CREATE INDEX `IX_UserTaskCandidates_Offers_Priority` ON `UserTaskCandidates` " +
                "(`TenantId`, `IsOffered`, `Key`, `Priority` DESC, `DueSort`, `TaskId`)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserTaskCandidates_Offers_Due",
                table: "UserTaskCandidates");

            migrationBuilder.DropIndex(
                name: "IX_UserTaskCandidates_Offers_Priority",
                table: "UserTaskCandidates");

            migrationBuilder.DropColumn(
                name: "DueSort",
                table: "UserTaskCandidates");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "UserTaskCandidates");
        }
    }
}
