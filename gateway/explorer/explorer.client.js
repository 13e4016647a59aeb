// The explorer page's own script, run by the browser as it is (no build step): React, ReactDOM and
// GraphiQL are the globals of their UMD builds, served by the gateway beside this file
// (gateway/explorer/explorer.ts). It adds the saved analyst queries — as the first tabs and in a
// "Saved queries" panel that opens one in a new tab — and the headers hint for a development token.
(function () {
  'use strict';
  const h = React.createElement;
  const savedQueries = JSON.parse(document.getElementById('saved-queries').textContent);

  // What the headers pane shows until a token is pasted over it. Sent as it is, it would be a
  // malformed token (401 for everything, the schema included): the fetcher leaves it out instead.
  const TOKEN_HINT = 'PASTE-A-TOKEN-HERE (printed by npm start, or: npm run token -- --role analyst)';
  const DEFAULT_HEADERS = JSON.stringify({ Authorization: `Bearer ${TOKEN_HINT}`, 'x-purpose': 'analysis' }, null, 2);

  const httpFetcher = GraphiQL.createFetcher({ url: new URL('graphql', window.location.href).pathname, enableIncrementalDelivery: false });
  const fetcher = (params, options) => {
    const headers = { ...(options && options.headers) };
    for (const name of Object.keys(headers)) if (String(headers[name]).includes(TOKEN_HINT)) delete headers[name];
    return httpFetcher(params, { ...options, headers });
  };

  const variablesText = (saved) => JSON.stringify(saved.variables, null, 2);

  function SavedQueries() {
    const editor = GraphiQL.React.useEditorContext({ nonNull: true });
    const open = (saved) => {
      // A new tab starts with the default headers: keep the token pasted in this one.
      const headers = editor.headerEditor ? editor.headerEditor.getValue() : DEFAULT_HEADERS;
      editor.addTab();
      // addTab fills the editors when React applies it; fill them after that.
      setTimeout(() => {
        if (editor.queryEditor) editor.queryEditor.setValue(saved.query);
        if (editor.variableEditor) editor.variableEditor.setValue(variablesText(saved));
        if (editor.headerEditor) editor.headerEditor.setValue(headers);
      }, 0);
    };
    return h(
      'section',
      { className: 'saved-queries' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Saved queries'),
      h(
        'p',
        { className: 'saved-queries-hint' },
        'Paste a development token over the placeholder in the Headers pane below the query (',
        h('code', null, 'npm start'),
        ' prints one per role; ',
        h('code', null, 'npm run token -- --role analyst'),
        ' makes one). ',
        h('code', null, 'x-purpose'),
        ' says why you read, in the access log.',
      ),
      h(
        'ul',
        null,
        savedQueries.map((saved) =>
          h(
            'li',
            { key: saved.title },
            h('button', { type: 'button', className: 'saved-query', onClick: () => open(saved) }, saved.title),
            h('p', null, saved.description),
          ),
        ),
      ),
    );
  }

  function SavedQueriesIcon() {
    return h(
      'svg',
      { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true },
      h('path', { d: 'M6 3h12v18l-6-4.5L6 21z', strokeLinejoin: 'round' }),
    );
  }

  const savedQueriesPlugin = { title: 'Saved queries', icon: SavedQueriesIcon, content: SavedQueries };

  ReactDOM.createRoot(document.getElementById('explorer')).render(
    h(GraphiQL, {
      fetcher,
      plugins: [savedQueriesPlugin],
      visiblePlugin: savedQueriesPlugin,
      defaultHeaders: DEFAULT_HEADERS,
      defaultTabs: savedQueries.map((saved) => ({ query: saved.query, variables: variablesText(saved), headers: DEFAULT_HEADERS })),
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of the browser's storage (GraphiQL's default, said out loud).
      shouldPersistHeaders: false,
    }),
  );
})();
