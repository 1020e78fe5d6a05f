import { index, integer, pgTable, text } from "drizzle-orm/pg-core";

export const accounts = pgTable(
  "accounts",
  {
    id: integer("id").primaryKey(),
    email: text("email"),
    nickname: text("nickname"),
  },
  (t) => [index("accounts_nickname_idx").on(t.nickname)],
);
