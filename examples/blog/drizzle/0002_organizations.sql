CREATE TABLE "blog_organization" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "blog_organization_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	CONSTRAINT "blog_organization_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "blog_post" ADD COLUMN "org_id" integer;--> statement-breakpoint
ALTER TABLE "blog_post" ADD CONSTRAINT "blog_post_org_id_blog_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."blog_organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blog_post_org_id_idx" ON "blog_post" USING btree ("org_id");