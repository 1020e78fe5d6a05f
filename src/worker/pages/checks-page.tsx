/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/** `/`: recent checks, newest first, filtered by a plain GET form (repository, environment, outcome, source). */
import type { StoredCheck } from "../../adapters/d1/store.js";
import { CHECK_SOURCES, ENVIRONMENTS } from "../../adapters/d1/schema.js";
import { CommitLink, Counts, OutcomeBadge, PullLink, Time, repoPageUrl } from "./components.js";
import { Layout } from "./layout.js";
import { OUTCOME_FILTERS, type CheckFilters } from "./queries.js";

/** One filter of the form: "any" or one of `options`. */
function FilterSelect<T extends string>(props: { label: string; name: string; options: readonly T[]; selected: T | null; labelOf?: (option: T) => string }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        <option value="">any</option>
        {props.options.map((option) => (
          <option value={option} selected={props.selected === option}>
            {props.labelOf ? props.labelOf(option) : option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ChecksPage(props: { checks: StoredCheck[]; filters: CheckFilters; limit: number }) {
  const { filters } = props;
  const filtered = filters.repo !== null || filters.environment !== null || filters.outcome !== null || filters.source !== null;
  return (
    <Layout title="Recent checks" signedIn={true}>
      <h1>Recent checks</h1>
      <form class="filters" method="get" action="/">
        <label>
          Repository
          <input type="text" name="repo" value={filters.repo ?? ""} placeholder="owner/name" />
        </label>
        <FilterSelect label="Environment" name="environment" options={ENVIRONMENTS} selected={filters.environment} />
        <FilterSelect label="Outcome" name="outcome" options={OUTCOME_FILTERS} selected={filters.outcome} />
        <FilterSelect label="Source" name="source" options={CHECK_SOURCES} selected={filters.source} labelOf={(source) => SOURCE_LABELS[source]} />
        <button type="submit">Filter</button>
        {filtered ? <a href="/">Clear</a> : null}
      </form>
      {props.checks.length === 0 ? (
        <p class="muted">{filtered ? "No checks match these filters." : "No checks yet."}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Outcome</th>
                <th>Repository</th>
                <th>Environment</th>
                <th class="wide">Source</th>
                <th>Commit</th>
                <th class="wide">PR</th>
                <th class="wide">Findings</th>
                <th>When</th>
              </tr>
            </thead>
            <tbody>
              {props.checks.map((check) => (
                <tr>
                  <td>
                    <a href={`/checks/${encodeURIComponent(check.id)}`}>
                      <OutcomeBadge check={check} />
                    </a>
                  </td>
                  <td>
                    <a href={repoPageUrl(check.repo)}>{check.repo}</a>
                  </td>
                  <td>{check.environment}</td>
                  <td class="wide">{SOURCE_LABELS[check.source]}</td>
                  <td>
                    <CommitLink repo={check.repo} sha={check.sha} />
                  </td>
                  <td class="wide">
                    <PullLink repo={check.repo} pr={check.pr} />
                  </td>
                  <td class="wide">
                    <Counts check={check} />
                  </td>
                  <td>
                    <a href={`/checks/${encodeURIComponent(check.id)}`}>
                      <Time ms={check.createdAt} />
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">Showing at most {props.limit} checks.</p>
    </Layout>
  );
}

/** What started a check, as the list names it. */
const SOURCE_LABELS: Record<(typeof CHECK_SOURCES)[number], string> = {
  github: "GitHub",
  vercel: "Vercel",
  api: "API",
  schedule: "scheduled",
};
