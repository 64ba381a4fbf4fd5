using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class TitleSortKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "SortTitle",
                table: "Documents",
                type: "varchar(300)",
                maxLength: 300,
                nullable: false,
                collation: "utf8mb4_bin",
                oldClrType: typeof(string),
                oldType: "varchar(300)",
                oldMaxLength: 300);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "SortTitle",
                table: "Documents",
                type: "varchar(300)",
                maxLength: 300,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "varchar(300)",
                oldMaxLength: 300,
                oldCollation: "utf8mb4_bin");
        }
    }
}
