CREATE TABLE "auth_audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auth_audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor" varchar(160) NOT NULL,
	"via" varchar(20) NOT NULL,
	"action" varchar(20) NOT NULL,
	"target_user_id" integer,
	"target_group_id" integer,
	"codename" varchar(201),
	"object_pk" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE INDEX "auth_audit_log_at_idx" ON "auth_audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "auth_audit_log_target_user_idx" ON "auth_audit_log" USING btree ("target_user_id");--> statement-breakpoint
CREATE INDEX "auth_audit_log_actor_idx" ON "auth_audit_log" USING btree ("actor_id");