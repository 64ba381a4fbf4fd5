using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentsSortTitle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Documents_TenantId_TrashedAt_Title_Id",
                table: "Documents");

            migrationBuilder.AddColumn<string>(
                name: "SortTitle",
                table: "Documents",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Documents_TenantId_TrashedAt_SortTitle_Id",
                table: "Documents",
                columns: new[] { "TenantId", "TrashedAt", "SortTitle", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Documents_TenantId_TrashedAt_SortTitle_Id",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "SortTitle",
                table: "Documents");

            migrationBuilder.CreateIndex(
                name: "IX_Documents_TenantId_TrashedAt_Title_Id",
                table: "Documents",
                columns: new[] { "TenantId", "TrashedAt", "Title", "Id" });
        }
    }
}
