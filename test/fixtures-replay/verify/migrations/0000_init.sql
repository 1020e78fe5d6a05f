CREATE TABLE "accounts" (
	"id" integer PRIMARY KEY NOT NULL,
	"email" text
);
