CREATE TABLE `vercel_check_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`deployment_id` text NOT NULL,
	`team_id` text,
	`project_id` text,
	`check_id` text,
	`status` text NOT NULL,
	`conclusion` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vercel_check_runs_check` ON `vercel_check_runs` (`check_id`);--> statement-breakpoint
CREATE TABLE `vercel_deployments` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text,
	`team_id` text,
	`url` text,
	`repo` text,
	`sha` text,
	`ref` text,
	`environment` text,
	`state` text NOT NULL,
	`check_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `checks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `vercel_deployments_repo_sha` ON `vercel_deployments` (`repo`,`sha`);--> statement-breakpoint
CREATE TABLE `vercel_production` (
	`project_id` text PRIMARY KEY NOT NULL,
	`deployment_id` text NOT NULL,
	`repo` text,
	`sha` text,
	`promoted_at` integer NOT NULL
);
