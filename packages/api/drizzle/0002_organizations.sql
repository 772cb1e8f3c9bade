-- Organizations (the scope of the shop's products): orgs_organization, and shop_product.org_id, its parent.
CREATE TABLE "orgs_organization" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "orgs_organization_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	CONSTRAINT "orgs_organization_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "shop_product" ADD COLUMN "org_id" integer;--> statement-breakpoint
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_org_id_orgs_organization_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs_organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shop_product_org_id_idx" ON "shop_product" USING btree ("org_id");