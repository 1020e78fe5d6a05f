CREATE TABLE `checks` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`repo` text NOT NULL,
	`sha` text NOT NULL,
	`ref` text,
	`pr` integer,
	`environment` text NOT NULL,
	`run` integer DEFAULT 1 NOT NULL,
	`neon_branch` text,
	`installation_id` integer,
	`delivery_id` text,
	`expected_key` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`outcome` text,
	`error_count` integer DEFAULT 0 NOT NULL,
	`warning_count` integer DEFAULT 0 NOT NULL,
	`info_count` integer DEFAULT 0 NOT NULL,
	`timings` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`github_check_run_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checks_key_run` ON `checks` (`repo`,`sha`,`environment`,`run`);--> statement-breakpoint
CREATE INDEX `checks_repo_created` ON `checks` (`repo`,`created_at`);--> statement-breakpoint
CREATE INDEX `checks_delivery` ON `checks` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`event` text NOT NULL,
	`status` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `expected_schemas` (
	`tree_sha` text PRIMARY KEY NOT NULL,
	`schema` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`code` text NOT NULL,
	`severity` text NOT NULL,
	`kind` text NOT NULL,
	`object` text NOT NULL,
	`expected` text,
	`actual` text,
	`message` text NOT NULL,
	`fix_sql` text,
	`pending_migration` text,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `findings_check` ON `findings` (`check_id`);--> statement-breakpoint
CREATE TABLE `installations` (
	`id` integer PRIMARY KEY NOT NULL,
	`account` text NOT NULL,
	`repos` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer
);
--> statement-breakpoint
CREATE TABLE `migration_hashes` (
	`blob_sha` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pr_comments` (
	`repo` text NOT NULL,
	`pr` integer NOT NULL,
	`comment_id` integer NOT NULL,
	`body_digest` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`repo`, `pr`)
);
