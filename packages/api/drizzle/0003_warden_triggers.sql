-- The object-grant cleanup triggers of the registered tables, by `warden triggers --write` (run it again after registering a table).
create or replace trigger "orgs_organization_auth_object_grants" after delete on "public"."orgs_organization"
  for each row execute function auth_delete_object_grants('orgs', 'organization', 'id');
--> statement-breakpoint
create or replace trigger "polls_question_auth_object_grants" after delete on "public"."polls_question"
  for each row execute function auth_delete_object_grants('polls', 'question', 'id');
--> statement-breakpoint
create or replace trigger "polls_choice_auth_object_grants" after delete on "public"."polls_choice"
  for each row execute function auth_delete_object_grants('polls', 'choice', 'id');
--> statement-breakpoint
create or replace trigger "PollOption_auth_object_grants" after delete on "public"."PollOption"
  for each row execute function auth_delete_object_grants('polls', 'polloption', 'id');
--> statement-breakpoint
create or replace trigger "shop_product_auth_object_grants" after delete on "public"."shop_product"
  for each row execute function auth_delete_object_grants('shop', 'product', 'id');
