-- The object-grant cleanup triggers of the registered tables, by `warden triggers --write` (run it again after registering a table).
create or replace trigger "blog_organization_auth_object_grants" after delete on "public"."blog_organization"
  for each row execute function auth_delete_object_grants('blog', 'organization', 'id');
--> statement-breakpoint
create or replace trigger "blog_post_auth_object_grants" after delete on "public"."blog_post"
  for each row execute function auth_delete_object_grants('blog', 'post', 'id');
--> statement-breakpoint
create or replace trigger "blog_comment_auth_object_grants" after delete on "public"."blog_comment"
  for each row execute function auth_delete_object_grants('blog', 'comment', 'id');
