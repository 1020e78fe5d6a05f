CREATE TABLE `production_contexts` (
	`check_id` text PRIMARY KEY NOT NULL,
	`context` text NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade
);
