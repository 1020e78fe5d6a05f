ALTER TABLE "soundcloud_tracks" ADD COLUMN "genre" text;--> statement-breakpoint
CREATE INDEX "soundcloud_tracks_artist_idx" ON "soundcloud_tracks" USING btree ("artist");