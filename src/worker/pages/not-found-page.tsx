/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Layout } from "./layout.js";

export function NotFoundPage(props: { what: string }) {
  return (
    <Layout title="Not found" signedIn={true}>
      <h1>Not found</h1>
      <p>{props.what}</p>
      <p>
        <a href="/">Recent checks</a>
      </p>
    </Layout>
  );
}
