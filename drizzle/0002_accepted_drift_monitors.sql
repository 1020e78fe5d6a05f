CREATE TABLE `accepted_drift` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`repo` text NOT NULL,
	`sha` text NOT NULL,
	`environment` text NOT NULL,
	`fingerprint` text NOT NULL,
	`finding_keys` text NOT NULL,
	`check_id` text NOT NULL,
	`accepted_by` text NOT NULL,
	`accepted_at` integer NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accepted_drift_key` ON `accepted_drift` (`repo`,`sha`,`environment`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `accepted_drift_check` ON `accepted_drift` (`check_id`);--> statement-breakpoint
CREATE TABLE `production_monitors` (
	`repo` text PRIMARY KEY NOT NULL,
	`sha` text,
	`last_check_id` text,
	`last_outcome` text,
	`alerted_state` text DEFAULT 'ok' NOT NULL,
	`alerted_fingerprint` text,
	`alerted_at` integer,
	`updated_at` integer NOT NULL
);
