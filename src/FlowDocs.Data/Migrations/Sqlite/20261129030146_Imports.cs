using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlowDocs.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ImportSources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DriveId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FolderId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EntraTenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProtectedCredential = table.Column<string>(type: "text", nullable: false),
                    CredentialKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    DocumentStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConflictPolicy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DeletionPolicy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeltaLink = table.Column<string>(type: "text", nullable: true),
                    ResumeLink = table.Column<string>(type: "text", nullable: true),
                    FullEnumerationRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubscriptionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubscriptionExpiresAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ProtectedClientState = table.Column<string>(type: "text", nullable: true),
                    LastScheduledAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Revision = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportSources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    FullEnumeration = table.Column<bool>(type: "INTEGER", nullable: false),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemsSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    New = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    WorkflowBookmarkId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRuns_ImportSources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "ImportSources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportedItems",
                columns: table => new
                {
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    QuickXorHash = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    LastSeenRunId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedItems", x => new { x.SourceId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_ImportedItems_ImportSources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "ImportSources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportItemErrors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ItemName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportItemErrors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportItemErrors_ImportRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportItemErrors_RunId_At",
                table: "ImportItemErrors",
                columns: new[] { "RunId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportItemErrors_TenantId",
                table: "ImportItemErrors",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_SourceId",
                table: "ImportRuns",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_Status_HeartbeatAt",
                table: "ImportRuns",
                columns: new[] { "Status", "HeartbeatAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_TenantId",
                table: "ImportRuns",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_TenantId_SourceId_QueuedAt",
                table: "ImportRuns",
                columns: new[] { "TenantId", "SourceId", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_WorkflowBookmarkId",
                table: "ImportRuns",
                column: "WorkflowBookmarkId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportSources_SubscriptionId",
                table: "ImportSources",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportSources_TenantId",
                table: "ImportSources",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportSources_TenantId_Name",
                table: "ImportSources",
                columns: new[] { "TenantId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportedItems_DocumentId",
                table: "ImportedItems",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportedItems_SourceId_LastSeenRunId",
                table: "ImportedItems",
                columns: new[] { "SourceId", "LastSeenRunId" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedItems_TenantId",
                table: "ImportedItems",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportItemErrors");

            migrationBuilder.DropTable(
                name: "ImportedItems");

            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropTable(
                name: "ImportSources");
        }
    }
}
