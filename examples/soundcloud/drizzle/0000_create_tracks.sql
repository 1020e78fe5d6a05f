CREATE TABLE "soundcloud_tracks" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"artist" text NOT NULL,
	"permalink_url" varchar(255) NOT NULL,
	"duration_ms" integer,
	"plays" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "soundcloud_tracks_permalink_url_unique" UNIQUE("permalink_url")
);
