import { PGlite } from "@electric-sql/pglite";
const db = await PGlite.create();
console.log((await db.query("select version()")).rows);
console.log((await db.query("select name from pg_available_extensions order by 1")).rows.map(r=>r.name).join(","));
try { await db.exec("create extension vector"); console.log("vector ok"); } catch (e) { console.log("vector fail", e.message); }
