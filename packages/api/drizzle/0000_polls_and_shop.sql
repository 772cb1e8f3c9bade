CREATE TABLE "polls_choice" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "polls_choice_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"question_id" integer NOT NULL,
	"choice_text" text NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "PollOption" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "PollOption_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"question_id" integer NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "polls_question" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "polls_question_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"question_text" text NOT NULL,
	"pub_date" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "polls_vote" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "polls_vote_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"choice_id" integer NOT NULL,
	CONSTRAINT "polls_vote_user_question_key" UNIQUE("user_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "shop_product" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shop_product_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"price_cents" integer NOT NULL,
	"owner_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "polls_choice" ADD CONSTRAINT "polls_choice_question_id_polls_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."polls_question"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "PollOption" ADD CONSTRAINT "PollOption_question_id_polls_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."polls_question"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls_vote" ADD CONSTRAINT "polls_vote_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls_vote" ADD CONSTRAINT "polls_vote_question_id_polls_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."polls_question"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls_vote" ADD CONSTRAINT "polls_vote_choice_id_polls_choice_id_fk" FOREIGN KEY ("choice_id") REFERENCES "public"."polls_choice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_owner_id_auth_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "polls_choice_question_id_idx" ON "polls_choice" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "poll_option_question_id_idx" ON "PollOption" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "shop_product_owner_id_idx" ON "shop_product" USING btree ("owner_id");