/* Runs static/js/guide-resolver.js on the cases given on stdin and prints what it computed, in the
 * shape tests/cases/test_offline_resolver.py builds from the server's resolver.
 * stdin: {"doc": <edition JSON>, "cases": [{"query": "...", "now": <ms since epoch>}]} */
"use strict";
const path = require("path");
const R = require(path.join(__dirname, "..", "..", "static", "js", "guide-resolver.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { doc, cases } = JSON.parse(input);
  const out = cases.map(({ query, now }) => {
    const state = R.resolve(doc, query, now);
    const rules = [];
    state.steps.forEach((item) => {
      item.rules.forEach((rule) => {
        rules.push([
          item.slug,
          rule.index,
          rule.applies,
          rule.due ? R.isoSofia(rule.due.at) : null,
          rule.due ? rule.due.overdue : null,
          rule.waitsFor,
        ]);
      });
    });
    const regimes = {};
    Object.keys(state.regimes).forEach((topic) => {
      const choice = state.regimes[topic];
      regimes[topic] = [choice.regime.slug, choice.basis, choice.alternatives.map((r) => r.slug)];
    });
    return {
      steps: state.path.steps,
      done: state.done.map((item) => item.slug),
      now: state.nowSteps.map((item) => item.slug),
      pending: state.path.pending,
      open: state.path.open,
      outcome: state.path.outcome,
      forks: state.forks.map((fork) => [
        fork.decision,
        fork.notKnown,
        fork.branches.map((b) => [b.option.key, b.option.target, b.query]),
      ]),
      rules,
      references: state.steps.map((item) => [item.references, item.otherReferences]),
      regime_matters: state.regimeMatters,
      regimes,
      taking_over: state.takingOver,
      progress: state.progress,
      query: state.query,
      change: state.steps.map((item) => item.changeQuery),
      options: state.optionLinks.map((o) => o.query),
      not_known: state.notKnownLink,
      handover: R.handoverText(state),
      edition_message: state.answeredIn
        ? R.format(doc.texts.other_edition, { old: state.answeredIn, new: doc.edition.number })
        : null,
    };
  });
  process.stdout.write(JSON.stringify(out));
});
