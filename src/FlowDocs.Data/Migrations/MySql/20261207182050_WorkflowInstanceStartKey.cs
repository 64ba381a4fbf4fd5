using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class WorkflowInstanceStartKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StartKey",
                table: "WorkflowInstances",
                type: "varchar(250)",
                maxLength: 250,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_TenantId_StartKey",
                table: "WorkflowInstances",
                columns: new[] { "TenantId", "StartKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_TenantId_StartKey",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "StartKey",
                table: "WorkflowInstances");
        }
    }
}
