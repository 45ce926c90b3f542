/* The guide without a server: from an edition's JSON (/api/editions/<n>/<lang>.json) and a guide link's
 * query string, the same path, open forks, deadlines and handover note as the server computes
 * (cases/selectors.py, cases/case_path.py, cases/deadlines.py, roadmap/paths.py, roadmap/regimes.py).
 * The server stays the reference: tests/cases/test_offline_resolver.py runs both on the same links.
 * Times are Europe/Sofia wall-clock times (through Intl), working days leave out the Bulgarian public
 * holidays shipped in the JSON. Plain JS, no build step: a browser global (GuideResolver) or a CommonJS
 * module under node. Nothing is stored anywhere: the answers live in the link. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.GuideResolver = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var HOUR = 3600000;
  var DAY = 24 * HOUR;
  var ZONE = "Europe/Sofia";
  var parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < (width || 2)) text = "0" + text;
    return text;
  }

  /* A wall-clock time in Sofia: {y, mo (1-12), d, h, mi, s}, and the instant (ms since epoch). */
  function wallOf(instant) {
    var out = {};
    parts.formatToParts(new Date(instant)).forEach(function (part) {
      if (part.type !== "literal") out[part.type] = parseInt(part.value, 10);
    });
    return { y: out.year, mo: out.month, d: out.day, h: out.hour % 24, mi: out.minute, s: out.second };
  }

  function wallToMs(wall) {
    var d = new Date(0);
    d.setUTCFullYear(wall.y, wall.mo - 1, wall.d);
    d.setUTCHours(wall.h, wall.mi, wall.s || 0, 0);
    return d.getTime();
  }

  function offsetAt(instant) {
    return wallToMs(wallOf(instant)) - Math.floor(instant / 1000) * 1000;
  }

  /* The instant of a Sofia wall-clock time, as Python's zoneinfo with fold=0 gives it: a time repeated
   * when the clocks go back is its first occurrence, a time skipped when they go forward is read with
   * the offset before the change (so 03:30 on the spring night becomes 04:30). */
  function atWall(wall) {
    var asUtc = wallToMs(wall);
    var valid = [3, 2]
      .map(function (hours) {
        return asUtc - hours * HOUR;
      })
      .filter(function (instant) {
        return offsetAt(instant) === asUtc - instant;
      });
    if (valid.length === 1) return valid[0];
    return asUtc - offsetAt(asUtc - DAY);
  }

  function dayKey(wall) {
    return pad(wall.y, 4) + "-" + pad(wall.mo) + "-" + pad(wall.d);
  }

  function addDays(wall, days) {
    var d = new Date(0);
    d.setUTCFullYear(wall.y, wall.mo - 1, wall.d + days);
    return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: wall.h, mi: wall.mi, s: wall.s };
  }

  function weekday(wall) {
    // Monday 0 … Sunday 6, as Python's date.weekday()
    var d = new Date(0);
    d.setUTCFullYear(wall.y, wall.mo - 1, wall.d);
    return (d.getUTCDay() + 6) % 7;
  }

  function daysInMonth(year, month) {
    var d = new Date(0);
    d.setUTCFullYear(year, month, 0);
    return d.getUTCDate();
  }

  function Calendar(holidays) {
    var set = {};
    (holidays.dates || []).forEach(function (day) {
      set[day] = true;
    });
    this.holidays = set;
    this.from = holidays.from;
    this.until = holidays.until;
  }

  Calendar.prototype.isWorkingDay = function (wall) {
    return weekday(wall) < 5 && !this.holidays[dayKey(wall)];
  };

  Calendar.prototype.knows = function (wall) {
    return wall.y >= this.from && wall.y <= this.until;
  };

  /* `wall`'s clock time on the next working day when `wall` is not one (cases.deadlines.next_working_day). */
  Calendar.prototype.nextWorkingDay = function (instant) {
    var wall = wallOf(instant);
    var day = wall;
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day === wall ? instant : atWall(day);
  };

  Calendar.prototype.addWorkingDays = function (instant, days) {
    var wall = wallOf(instant);
    if (days === 0) return instant;
    var day = wall;
    var remaining = days;
    while (remaining) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) remaining -= 1;
    }
    return atWall(day);
  };

  function addMonths(instant, months) {
    var wall = wallOf(instant);
    var index = wall.y * 12 + (wall.mo - 1) + months;
    var year = Math.floor(index / 12);
    var month = (index % 12) + 1;
    var day = Math.min(wall.d, daysInMonth(year, month));
    return atWall({ y: year, mo: month, d: day, h: wall.h, mi: wall.mi, s: wall.s });
  }

  /* When a deadline rule falls, counted from its start event at `start` (cases.deadlines.due_at). */
  function dueAt(calendar, start, rule) {
    if (!rule || !rule.unit) return null;
    if (rule.unit === "immediately") return start;
    var amount = rule.amount;
    if (amount === null || amount === undefined) return null;
    var wall = wallOf(start);
    if (rule.unit === "hours") return start + amount * HOUR;
    if (rule.unit === "days") return calendar.nextWorkingDay(atWall(addDays(wall, amount)));
    if (rule.unit === "weeks") return calendar.nextWorkingDay(atWall(addDays(wall, 7 * amount)));
    if (rule.unit === "working_days") return calendar.addWorkingDays(start, amount);
    if (rule.unit === "months") return calendar.nextWorkingDay(addMonths(start, amount));
    return null;
  }

  /* "YYYY-MM-DDTHH:MM" (Sofia), as times travel in links. */
  function formatLink(instant) {
    var w = wallOf(instant);
    return dayKey(w) + "T" + pad(w.h) + ":" + pad(w.mi);
  }

  /* "j.m.Y H:i" (Sofia), as the handover note shows a time. */
  function formatMoment(instant) {
    var w = wallOf(instant);
    return w.d + "." + pad(w.mo) + "." + w.y + " " + pad(w.h) + ":" + pad(w.mi);
  }

  function isoSofia(instant) {
    var w = wallOf(instant);
    var offset = Math.round(offsetAt(instant) / 60000);
    var sign = offset < 0 ? "-" : "+";
    offset = Math.abs(offset);
    return (
      dayKey(w) + "T" + pad(w.h) + ":" + pad(w.mi) + ":" + pad(w.s) + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60)
    );
  }

  var INPUT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?$/;

  /* A time from a link → instant, or null for none; throws for one that is not a time
   * (cases.deadlines.parse_identified_at). */
  function parseTime(value, now, limits) {
    if (value.length > limits.max_input_length) throw new Error("too long");
    value = value.replace(/^\s+|\s+$/g, "");
    if (!value) return null;
    var match = INPUT.exec(value);
    if (!match) throw new Error("not a date");
    var n = match.slice(1).map(function (part) {
      return parseInt(part || "0", 10);
    });
    if (n[0] < limits.min_year) throw new Error("too early");
    if (n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > daysInMonth(n[0], n[1]) || n[3] > 23 || n[4] > 59 || n[5] > 59) {
      throw new Error("not a real date");
    }
    var moment = atWall({ y: n[0], mo: n[1], d: n[2], h: n[3], mi: n[4], s: n[5] });
    if (moment > addMonths(now, 12 * limits.max_years_ahead)) throw new Error("too far ahead");
    return moment;
  }

  /* The query string's fields (a list of [name, value]), read as Django's QueryDict reads them. */
  function fields(query) {
    var out = [];
    query.split("&").forEach(function (item) {
      if (!item) return;
      var at = item.indexOf("=");
      var name = at < 0 ? item : item.slice(0, at);
      var value = at < 0 ? "" : item.slice(at + 1);
      out.push([decode(name), decode(value)]);
    });
    return out;
  }

  function decode(text) {
    text = text.replace(/\+/g, " ");
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text.replace(/%([0-9A-Fa-f]{2})/g, function (all, hex) {
        return String.fromCharCode(parseInt(hex, 16));
      });
    }
  }

  function getLast(list, name) {
    var found;
    list.forEach(function (pair) {
      if (pair[0] === name) found = pair[1];
    });
    return found;
  }

  function getAll(list, name) {
    return list
      .filter(function (pair) {
        return pair[0] === name;
      })
      .map(function (pair) {
        return pair[1];
      });
  }

  /* Python's urllib.parse.urlencode (quote_plus) for one value. */
  function quotePlus(text) {
    return encodeURIComponent(text)
      .replace(/[!'()*]/g, function (c) {
        return "%" + c.charCodeAt(0).toString(16).toUpperCase();
      })
      .replace(/%20/g, "+");
  }

  function answersQuery(pairs, extra) {
    var items = pairs.map(function (pair) {
      return "a=" + quotePlus(pair[0] + ":" + pair[1]);
    });
    (extra || []).forEach(function (pair) {
      if (pair[1] !== null && pair[1] !== undefined && pair[1] !== "") items.push(pair[0] + "=" + quotePlus(String(pair[1])));
    });
    return items.join("&");
  }

  /* roadmap.paths.resolve_path */
  function resolvePath(doc, answers, order) {
    var notKnown = doc.limits.not_known;
    var path = { steps: [], answers: [], pending: null, open: null, outcome: null, errors: [], ignored: [] };
    order.forEach(function (slug) {
      if (!has(doc.steps, slug) || doc.steps[slug].kind !== "decision") path.errors.push("unknown question");
    });
    var current = doc.start;
    var seen = Object.create(null);
    while (current !== null && current !== undefined && path.steps.length < 1000) {
      var step = doc.steps[current];
      if (seen[current]) {
        path.errors.push("circle");
        path.pending = step.kind === "decision" ? current : null;
        break;
      }
      seen[current] = true;
      path.steps.push(current);
      if (step.kind === "outcome") {
        path.outcome = current;
        break;
      }
      if (step.kind === "action") {
        current = step.next;
        continue;
      }
      var key = has(answers, current) ? answers[current] : undefined;
      if (key === notKnown) {
        path.open = current;
        break;
      }
      var option = null;
      if (key !== undefined) {
        option = step.options.filter(function (o) {
          return o.key === key;
        })[0];
      }
      if (!option) {
        if (key !== undefined) path.errors.push("not an answer");
        path.pending = current;
        break;
      }
      path.answers.push({ decision: current, option: option });
      current = option.target;
    }
    var used = Object.create(null);
    path.answers.forEach(function (answer) {
      used[answer.decision] = true;
    });
    var stopped = path.open || path.pending;
    order.forEach(function (slug) {
      var known = has(doc.steps, slug) && doc.steps[slug].kind === "decision";
      if (known && !has(used, slug) && slug !== stopped) path.ignored.push(slug);
    });
    path.stopped = stopped;
    path.pairs = path.answers
      .map(function (answer) {
        return [answer.decision, answer.option.key];
      })
      .concat(path.open ? [[path.open, notKnown]] : []);
    return path;
  }

  /* roadmap.paths.remaining_steps and progress */
  function remainingSteps(doc) {
    if (doc._remaining) return doc._remaining;
    var incoming = {};
    Object.keys(doc.steps).forEach(function (slug) {
      var step = doc.steps[slug];
      var targets =
        step.kind === "action"
          ? [step.next]
          : step.options.map(function (option) {
              return option.target;
            });
      targets.forEach(function (target) {
        if (target) (incoming[target] = incoming[target] || []).push(slug);
      });
    });
    var remaining = {};
    var queue = [];
    Object.keys(doc.steps).forEach(function (slug) {
      if (doc.steps[slug].kind === "outcome") {
        remaining[slug] = 1;
        queue.push(slug);
      }
    });
    for (var i = 0; i < queue.length; i++) {
      (incoming[queue[i]] || []).forEach(function (before) {
        if (!(before in remaining)) {
          remaining[before] = remaining[queue[i]] + 1;
          queue.push(before);
        }
      });
    }
    Object.defineProperty(doc, "_remaining", { value: remaining, enumerable: false });
    return remaining;
  }

  function progress(doc, path) {
    if (path.outcome) return 100;
    var remaining = remainingSteps(doc);
    var best = 0;
    path.steps.forEach(function (slug, index) {
      var count = index + 1;
      var ahead = remaining[slug];
      if (ahead !== undefined) best = Math.max(best, (count - 1) / (count - 1 + ahead));
    });
    return Math.min(99, pyRound(100 * best));
  }

  function pyRound(value) {
    // Python's round(): halves to even
    var floor = Math.floor(value);
    var diff = value - floor;
    if (diff > 0.5) return floor + 1;
    if (diff < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  function regimeCovers(regime, day) {
    return (!regime.from || regime.from <= day) && (!regime.until || day <= regime.until);
  }

  /* roadmap.regimes.choose_regimes: topic → {regime, basis, alternatives} (regime slugs) */
  function chooseRegimes(doc, dates, today) {
    var topics = {};
    var topicOrder = [];
    doc.regimes.forEach(function (regime) {
      if (!topics[regime.topic]) {
        topics[regime.topic] = [];
        topicOrder.push(regime.topic);
      }
      topics[regime.topic].push(regime);
    });
    var identified = dates.identified || null;
    var earliest = identified || today;
    var choices = {};
    topicOrder.forEach(function (topic) {
      var regimes = topics[topic];
      var known = regimes.filter(function (r) {
        return dates[r.decided_by] && regimeCovers(r, dates[r.decided_by]);
      })[0];
      if (known) {
        choices[topic] = { topic: topic, regime: known, basis: "date", alternatives: [] };
        return;
      }
      var possible = regimes.filter(function (r) {
        return !r.until || r.until >= earliest;
      });
      if (identified && possible.length === 1) {
        choices[topic] = { topic: topic, regime: possible[0], basis: "identified", alternatives: [] };
        return;
      }
      var chosen =
        possible.filter(function (r) {
          return regimeCovers(r, today);
        })[0] || (possible.length ? possible : regimes)[(possible.length ? possible : regimes).length - 1];
      var others = identified ? possible : regimes;
      choices[topic] = {
        topic: topic,
        regime: chosen,
        basis: "today",
        alternatives: others.filter(function (r) {
          return r !== chosen;
        }),
      };
    });
    return choices;
  }

  function regimeBySlug(doc, slug) {
    return doc.regimes.filter(function (r) {
      return r.slug === slug;
    })[0];
  }

  /* roadmap.regimes.rules_for_case: [{rule, index, applies}] */
  function rulesForCase(doc, step, choices, answers) {
    var applicable = [];
    var alternatives = [];
    var matched = {};
    step.deadlines.forEach(function (rule) {
      if (rule.when && answers[rule.when[0]] === rule.when[1]) matched[rule.regime || ""] = true;
    });
    step.deadlines.forEach(function (rule, index) {
      var otherRegime = false;
      if (rule.regime) {
        var regime = regimeBySlug(doc, rule.regime);
        var choice = regime ? choices[regime.topic] : null;
        if (choice && choice.regime !== regime) {
          if (choice.alternatives.indexOf(regime) < 0) return;
          otherRegime = true;
        }
      }
      var unanswered = false;
      if (rule.when) {
        var answer = has(answers, rule.when[0]) ? answers[rule.when[0]] : undefined;
        if (answer !== undefined && answer !== rule.when[1]) return;
        unanswered = answer === undefined;
      } else if (matched[rule.regime || ""]) {
        return;
      }
      var item = { rule: rule, index: index, applies: !(otherRegime || unanswered), due: null, waitsFor: false };
      (item.applies ? applicable : alternatives).push(item);
    });
    return applicable.concat(alternatives);
  }

  /* roadmap.regimes.references_for_case: {applicable: [slug], others: [slug]} */
  function referencesForCase(doc, step, choices) {
    var applicable = [];
    var others = [];
    step.references.forEach(function (slug) {
      var reference = doc.legal_references[slug];
      var regime = reference && reference.regime ? regimeBySlug(doc, reference.regime) : null;
      var choice = regime ? choices[regime.topic] : null;
      if (!regime || !choice || choice.regime === regime) applicable.push(slug);
      else if (choice.alternatives.indexOf(regime) >= 0) others.push(slug);
    });
    return { applicable: applicable, others: others };
  }

  /* cases.selectors.parse_times: event → instant, plus how many times were left out */
  function parseTimes(doc, list, now) {
    var times = {};
    var messages = [];
    doc.events.forEach(function (event) {
      var value = getLast(list, event.parameter);
      try {
        var moment = parseTime((value === undefined ? "" : value).slice(0, 100), now, doc.limits);
        if (moment !== null) times[event.event] = moment;
      } catch (error) {
        messages.push(error.message);
      }
    });
    var identified = times.identified;
    Object.keys(times).forEach(function (event) {
      if (identified !== undefined && times[event] < identified) {
        delete times[event];
        messages.push("before identification");
      }
    });
    return { times: times, messages: messages };
  }

  function parseAnswers(doc, values) {
    var answers = Object.create(null);
    var order = [];
    values.slice(0, doc.limits.max_answers).forEach(function (value) {
      var at = value.indexOf(":");
      if (at <= 0 || at === value.length - 1 || value.length > 170) return;
      var decision = value.slice(0, at);
      if (!has(answers, decision)) order.push(decision);
      answers[decision] = value.slice(at + 1);
    });
    return { answers: answers, order: order };
  }

  function leads(step) {
    return step.responsibilities.filter(function (r) {
      return r.role === "leads";
    });
  }

  /* The whole guide state of a link at `now` (ms): cases.selectors.guide_state and CasePath. */
  function resolve(doc, query, now) {
    var calendar = doc._calendar;
    if (!calendar) {
      calendar = new Calendar(doc.holidays);
      Object.defineProperty(doc, "_calendar", { value: calendar, enumerable: false });
    }
    query = (query || "").replace(/^\?/, "");
    if (query.length > doc.limits.max_query_string) {
      query = query.slice(0, doc.limits.max_query_string);
      query = query.slice(0, Math.max(0, query.lastIndexOf("&")));
    }
    var list = fields(query);
    var parsedAnswers = parseAnswers(doc, getAll(list, "a").slice(0, 200));
    var parsedTimes = parseTimes(doc, list, now);
    var times = parsedTimes.times;
    var identifiedAt = times.identified === undefined ? null : times.identified;
    var ownSlug = getLast(list, "inst");
    var answeredIn = getLast(list, "e") || "";
    var own =
      ownSlug && ownSlug.length <= doc.limits.max_slug_length && has(doc.institutions, ownSlug) ? ownSlug : null;

    var path = resolvePath(doc, parsedAnswers.answers, parsedAnswers.order);
    var dates = {};
    Object.keys(times).forEach(function (event) {
      dates[event] = dayKey(wallOf(times[event]));
    });
    var choices = chooseRegimes(doc, dates, dayKey(wallOf(now)));
    var carried = [];
    doc.events.forEach(function (event) {
      if (times[event.event] !== undefined) carried.push([event.parameter, formatLink(times[event.event])]);
    });
    if (own) carried.push(["inst", own]);
    var withEdition = carried.concat([["e", doc.edition.number]]);
    var given = Object.create(null);
    path.pairs.forEach(function (pair) {
      given[pair[0]] = pair[1];
    });
    var answerIndex = {};
    path.answers.forEach(function (answer, index) {
      answerIndex[answer.decision] = index;
    });
    var hasTimes = Object.keys(times).length > 0;
    var steps = path.steps.map(function (slug) {
      var step = doc.steps[slug];
      var rules = rulesForCase(doc, step, choices, given);
      rules.forEach(function (item) {
        var startAt = times[item.rule.start];
        if (startAt !== undefined) {
          var at = dueAt(calendar, startAt, item.rule);
          if (at !== null) {
            item.due = {
              at: at,
              overdue: at < now && item.rule.unit !== "immediately",
              immediate: item.rule.unit === "immediately",
              holidaysKnown: calendar.knows(wallOf(at)),
            };
          }
        } else {
          item.waitsFor = hasTimes && item.rule.unit !== "" && item.applies;
        }
      });
      var index = answerIndex[slug];
      var references = referencesForCase(doc, step, choices);
      return {
        slug: slug,
        step: step,
        rules: rules,
        applicable: rules.filter(function (r) {
          return r.applies;
        }),
        references: references.applicable,
        otherReferences: references.others,
        answer: index === undefined ? null : path.answers[index],
        changeQuery: index === undefined ? "" : answersQuery(path.pairs.slice(0, index), withEdition),
        own: own
          ? step.responsibilities.filter(function (r) {
              return r.institution === own;
            })
          : [],
      };
    });
    var nowFrom = 0;
    if (path.answers.length) {
      var last = path.answers[path.answers.length - 1].decision;
      nowFrom = path.steps.indexOf(last) + 1;
    }
    var done = steps.slice(0, nowFrom);
    var nowSteps = steps.slice(nowFrom).filter(function (item) {
      return item.slug !== path.stopped;
    });
    var forks = [];
    if (path.stopped) {
      var pairs = path.open ? path.pairs.slice(0, -1) : path.pairs;
      var decision = doc.steps[path.stopped];
      forks.push({
        decision: path.stopped,
        notKnown: path.open !== null,
        branches: decision.options.map(function (option) {
          return { option: option, query: answersQuery(pairs.concat([[path.stopped, option.key]]), carried.concat([["e", doc.edition.number]])) };
        }),
      });
    }
    var takingOver = [];
    nowSteps
      .map(function (item) {
        return item.step;
      })
      .concat(path.stopped ? [doc.steps[path.stopped]] : [])
      .forEach(function (step) {
        leads(step).forEach(function (r) {
          if (r.institution !== own && takingOver.indexOf(r.institution) < 0) takingOver.push(r.institution);
        });
      });
    var running = [];
    steps.forEach(function (item) {
      item.applicable.forEach(function (rule) {
        if (rule.due) running.push({ item: item, rule: rule });
      });
    });
    var pendingOptions = path.pending
      ? doc.steps[path.pending].options.map(function (option) {
          return { option: option, query: answersQuery(path.pairs.concat([[path.pending, option.key]]), withEdition) };
        })
      : [];
    // case_path.CasePath.regime_matters: a rule or a legal basis of the path depends on the regime
    var regimeMatters = steps.some(function (item) {
      return (
        item.otherReferences.length > 0 ||
        item.rules.some(function (rule) {
          return !!rule.rule.regime;
        })
      );
    });
    return {
      doc: doc,
      now: now,
      regimeMatters: regimeMatters,
      path: path,
      steps: steps,
      done: done,
      nowSteps: nowSteps,
      forks: forks,
      takingOver: takingOver,
      running: running,
      regimes: choices,
      identifiedAt: identifiedAt,
      times: times,
      own: own,
      progress: progress(doc, path),
      query: answersQuery(path.pairs, withEdition),
      optionLinks: pendingOptions,
      notKnownLink: path.pending ? answersQuery(path.pairs.concat([[path.pending, doc.limits.not_known]]), withEdition) : "",
      timeValues: carried.filter(function (pair) {
        return pair[0] !== "inst";
      }),
      messages: parsedTimes.messages.length + path.errors.length,
      // the edition the answers were given for, when it is not this one (selectors.guide_state)
      answeredIn: /^[0-9]+$/.test(answeredIn) && parseInt(answeredIn, 10) !== doc.edition.number && parsedAnswers.order.length > 0 ? answeredIn : null,
    };
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values[name] === undefined ? all : String(values[name]);
    });
  }

  /* A rule of a step for this case, in words (cases.offline.rule_text). */
  function ruleText(doc, rule) {
    var words = doc.texts;
    if (!rule.due) {
      var text = rule.rule.label;
      if (rule.waitsFor) text += " (" + format(words.starts_when, { event: rule.rule.start_label }) + ")";
      return text;
    }
    if (rule.due.immediate) return format(words.immediately_since, { when: formatMoment(rule.due.at) });
    var due = format(words.due, { when: formatMoment(rule.due.at) });
    return rule.due.overdue ? due + " — " + words.overdue : due;
  }

  function stepLine(doc, item) {
    var line = "- " + item.step.number + " " + item.step.title;
    var names = leads(item.step).map(function (r) {
      return doc.institutions[r.institution].short;
    });
    if (names.length) line += " [" + names.join(", ") + "]";
    if (item.answer) line += " — " + doc.texts.answer + " " + item.answer.option.label;
    var rules = item.applicable.map(function (rule) {
      return ruleText(doc, rule);
    });
    if (rules.length) line += " — " + rules.join("; ");
    return line;
  }

  /* The handover note as plain text (cases.offline.handover_text). */
  function handoverText(state) {
    var doc = state.doc;
    var words = doc.texts;
    var path = state.path;
    var published = doc.edition.published_on.split("-");
    var question = function (slug) {
      return doc.steps[slug].question || doc.steps[slug].title;
    };
    var lines = [
      words.note_title,
      format(words.prepared, {
        number: doc.edition.number,
        date: parseInt(published[2], 10) + "." + published[1] + "." + published[0],
      }),
      words.identified + ": " + (state.identifiedAt !== null ? formatMoment(state.identifiedAt) : ""),
      words.handed_over_by + ": " + (state.own ? doc.institutions[state.own].name : ""),
      "",
      "## " + words.answers_given,
    ];
    path.answers.forEach(function (answer) {
      lines.push("- " + question(answer.decision) + " — " + answer.option.label);
    });
    if (path.open) lines.push("- " + question(path.open) + " — " + words.not_known_yet);
    if (!path.answers.length && !path.open) lines.push("- " + words.no_answers);
    lines.push("", "## " + words.taken_over_by);
    var taking = state.takingOver.map(function (slug) {
      var institution = doc.institutions[slug];
      return institution.acronym ? institution.name + " (" + institution.acronym + ")" : institution.name;
    });
    lines.push(taking.length ? taking.join("; ") : words.write_in + " ______________________");
    if (state.nowSteps.length) {
      lines.push("", "## " + (path.outcome ? words.last_steps : words.now));
      state.nowSteps.forEach(function (item) {
        lines.push(stepLine(doc, item));
      });
    }
    state.forks.forEach(function (fork) {
      var decision = doc.steps[fork.decision];
      lines.push("", "## " + words.still_open);
      lines.push("- " + decision.number + " " + question(fork.decision) + " — " + (fork.notKnown ? words.not_known_yet : words.not_answered_yet));
      fork.branches.forEach(function (branch) {
        var target = doc.steps[branch.option.target];
        lines.push("  - " + format(words.if_answer, { answer: branch.option.label }) + " " + target.number + " " + target.title);
      });
    });
    lines.push("", "## " + words.running);
    if (state.running.length) {
      state.running.forEach(function (entry) {
        lines.push("- " + entry.item.step.number + " " + entry.item.step.title + " — " + ruleText(doc, entry.rule));
      });
    } else {
      lines.push(words.none_running);
    }
    lines.push("", "## " + words.done);
    if (state.done.length) {
      state.done.forEach(function (item) {
        lines.push(stepLine(doc, item));
      });
    } else {
      lines.push(words.none_done);
    }
    return lines.join("\n");
  }

  return {
    resolve: resolve,
    handoverText: handoverText,
    ruleText: ruleText,
    formatMoment: formatMoment,
    formatLink: formatLink,
    isoSofia: isoSofia,
    format: format,
    parseTime: parseTime,
    dueAt: dueAt,
    Calendar: Calendar,
  };
});
