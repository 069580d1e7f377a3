// A credits page on TanStack Query: a paged table, "load more" over an infinite list, a create
// form whose success refreshes the table, and typed errors on screen. Run it against the fake:
// `npx waldur-project-credits-fake --port 8765`, then open index.html?api=http://127.0.0.1:8765&token=test
// (bundled by your bundler; the tests bundle it with esbuild and drive it in headless Chromium).
import { QueryClient, QueryClientProvider, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createWaldurClient } from 'waldur-project-credits';
import { projectCreditsQueries } from 'waldur-project-credits/query';

const params = new URLSearchParams(location.search);
const waldur = createWaldurClient({ baseUrl: params.get('api') ?? 'http://127.0.0.1:8765', token: params.get('token') ?? 'test' });
const credits = projectCreditsQueries(waldur);

/** An error as one line: its class says what happened (WaldurNotFoundError, WaldurInputError, …). */
const Failure = ({ error, id }) => (error ? <p className="error" id={id}>{`${error.name}: ${error.message}`}</p> : null);

function CreditsTable() {
  const [page, setPage] = useState(1);
  const { data, error, isFetching } = useQuery(credits.list({ o: ['-value'], page, page_size: 10 }));
  return (
    <section>
      <h2>By value</h2>
      <Failure error={error} id="list-error" />
      {data && (
        <>
          <p id="status" data-fetching={String(isFetching)}>{`Page ${data.page} of ${data.lastPage}, ${data.total} credits`}</p>
          <table id="credits">
            <tbody>
              <tr>
                <th>project</th>
                <th>value</th>
                <th>ends</th>
              </tr>
              {data.items.map((credit) => (
                <tr key={credit.uuid}>
                  <td>{credit.project_name}</td>
                  {/* A Decimal: exact; rounded only for display. */}
                  <td className="money">{credit.value.toFixed(2)}</td>
                  <td>{credit.end_date ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button id="previous" disabled={page === 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>{' '}
          <button id="next" disabled={data.nextPage === null} onClick={() => setPage(data.nextPage)}>
            Next
          </button>
        </>
      )}
    </section>
  );
}

function LoadMore() {
  // Each credit once across the pages, and no error past the end (even when CORS hides the paging headers).
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useInfiniteQuery(credits.infinite({ page_size: 10 }));
  const loaded = data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h2>Load more</h2>
      <Failure error={error} id="load-more-error" />
      <p id="loaded" data-fetching={String(isFetchingNextPage)}>{`${loaded.length} loaded`}</p>
      <button id="load-more" disabled={!hasNextPage || isFetchingNextPage} onClick={() => fetchNextPage()}>
        Load more
      </button>
    </section>
  );
}

function CreateForm() {
  const queryClient = useQueryClient();
  const create = useMutation(credits.create(queryClient));
  const [project, setProject] = useState('');
  const [value, setValue] = useState('');
  return (
    <section>
      <h2>New credit</h2>
      <form id="create" onSubmit={(e) => (e.preventDefault(), create.mutate({ project, value }))}>
        <input id="project" placeholder="project UUID" value={project} onChange={(e) => setProject(e.target.value)} />{' '}
        <input id="value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} /> <button type="submit">Create</button>
      </form>
      {create.isSuccess && <p id="created">{`created ${create.data.value.toFixed(5)}`}</p>}
      <Failure error={create.error} id="create-error" />
    </section>
  );
}

function MissingCredit() {
  const [asked, setAsked] = useState(false);
  const { error } = useQuery({ ...credits.get('00000000-0000-4000-8000-000000000000'), enabled: asked });
  return (
    <section>
      <button id="missing" onClick={() => setAsked(true)}>
        Open a credit that does not exist
      </button>
      <Failure error={error} id="missing-error" />
    </section>
  );
}

function App() {
  return (
    <>
      <h1>Project credits</h1>
      <CreditsTable />
      <LoadMore />
      <CreateForm />
      <MissingCredit />
    </>
  );
}

createRoot(document.getElementById('root')).render(
  <QueryClientProvider client={new QueryClient()}>
    <App />
  </QueryClientProvider>,
);
document.body.dataset.ready = 'true';
