// Words people use for the same need ("ticket" for issue, "PR" for pull request): groups of near-synonyms.
import { stem, tokenize } from './tokenize.js';

/**
 * Each line is one group of words or phrases that name the same action or thing in tool descriptions.
 * A query word in a group also searches the group's other members, at a lower weight. A word may sit
 * in several groups (`open` creates a pull request and opens a web page). Written from how tools are
 * described across servers, not from any one query.
 */
export const SYNONYM_GROUPS: readonly string[] = [
  // actions
  'create, add, new, make, insert, generate, open, start, compose, draft, register',
  'delete, remove, drop, erase, destroy, trash, purge, discard, unlink, rm, wipe, archive',
  'update, edit, modify, change, patch, alter, amend, set, rename, adjust, replace',
  'get, fetch, retrieve, read, show, view, display, obtain, load, look up, lookup, inspect, details, info',
  'list, enumerate, browse, all, index, overview',
  'search, find, query, lookup, look up, locate, look for, discover, seek, grep, filter, match',
  'run, execute, exec, invoke, call, launch, trigger, perform, evaluate, eval',
  'stop, kill, terminate, cancel, halt, abort, end, shutdown',
  'close, resolve, finish, complete, done',
  'send, post, notify, deliver, dispatch, publish, share, reply',
  'download, save, export, pull',
  'upload, attach, import, push',
  'write, save, store, put, persist, record',
  'navigate, go, visit, open, goto, load, browse',
  'click, press, tap, select',
  'type, fill, enter, input, key',
  'hover, mouse, pointer',
  'scroll, page down',
  'screenshot, capture, snapshot, screen grab, screen shot, screencap',
  'compare, diff, difference, changes',
  'merge, combine, join',
  'deploy, release, ship, rollout, roll out, publish',
  'remember, memorize, memory, store, save, note down, keep',
  'recall, remember, retrieve, memory',
  'summarize, summary, tldr, digest, recap',
  'translate, translation',
  'scrape, crawl, extract, parse, harvest',
  'assign, assignee, delegate, owner',
  'schedule, book, plan, reserve',
  'count, total, number, how many, tally',
  'sort, order, rank',
  'think, reason, reflect, plan, step by step, brainstorm, thought',
  'convert, transform, format',
  'validate, check, verify, lint, test',
  'watch, subscribe, follow, monitor',
  'approve, review, accept',
  'star, favorite, bookmark, like',
  // things
  'issue, ticket, bug, defect, work item, incident',
  'pull request, pr, merge request, mr, change request, patch',
  'repository, repo, codebase, project',
  'commit, changeset, revision',
  'branch, ref',
  'message, chat, dm, post, text, conversation',
  'channel, room, conversation, thread',
  'file, document, doc, content',
  'directory, folder, dir, path',
  'webpage, page, site, website, url, link, web',
  'browser, web page, tab',
  'database, db, sql, table, schema',
  'row, record, entry, item',
  'spreadsheet, sheet, excel, csv, workbook',
  'email, mail, inbox, gmail',
  'calendar, event, meeting, appointment',
  'time, clock, timezone, time zone, date, now',
  'weather, forecast, temperature, rain, climate',
  'location, place, address, geocode, coordinates, position',
  'directions, route, distance, travel',
  'map, maps',
  'log, logs, logging, trace',
  'metric, metrics, latency, performance, p95, p99, monitoring, stats, statistics, throughput',
  'error, exception, crash, failure, stacktrace, stack trace, fault',
  'payment, charge, invoice, billing, subscription, refund, checkout',
  'customer, client, buyer, account',
  'user, member, person, people, profile, account, teammate',
  'comment, reply, remark, feedback, annotation',
  'image, picture, photo, png, jpeg, graphic, screenshot',
  'video, movie, clip, recording',
  'audio, sound, speech, voice',
  'container, docker, pod, image',
  'kubernetes, k8s, cluster',
  'cost, price, spend, bill, expense, pricing',
  'label, tag, category',
  'secret, credential, token, password, key, api key',
  'permission, access, role, grant',
  'notification, alert, alarm, page',
  'wiki, page, doc, knowledge base, documentation, docs',
  'task, todo, to do, chore',
  'contact, person, people',
  'job, workflow, pipeline, build, action, run',
  'entity, node, object, item',
  'relation, relationship, link, edge, connection',
  'observation, fact, note',
  'graph, knowledge graph, network',
  'environment, env, variable, config, configuration, setting, settings',
  'package, dependency, library, module',
  'function, lambda, serverless',
  'bucket, storage, blob, object',
  'cache, key value, redis',
  'vector, embedding, semantic, similarity',
  'sum, add, plus, addition',
  'random, arbitrary',
  'collection, set, group',
  'design, figma, mockup, frame',
  'dashboard, panel, chart, graph',
  // how people say it (added after reading the dev half of bench/search failures; see BENCHMARKS.md)
  'back, previous, prior, return, before, earlier',
  'resize, viewport, window size, dimensions, smaller, bigger, larger, width, height',
  'console, devtools, javascript log, js log',
  'time, hour, weekday, day, moment, today, what time',
  'blame, authorship, who wrote, who changed, responsible',
  'stash, shelve, set aside, park, save for later',
  'branch, line of development, feature branch',
  'checkout, switch, hop onto, change to',
  'coordinates, latitude, longitude, lat, lng, gps',
  'address, street, postal, zip code',
  'directions, route, drive, driving, walk, commute, get from, how to get',
  'image, picture, drawing, illustration, artwork, art, render',
  'generate, draw, paint, render, illustrate, produce',
  'news, headlines, happening, current events, breaking',
  'entire, whole, everything, all, complete, dump',
  'index, btree, b tree, faster lookup, speed up',
  'move, put, drag, transfer, place, relocate',
  'card, ticket, story',
  'column, lane, swimlane, stage',
  'activity, happened, history, events, recent, lately, timeline',
  'dependency, blocked, blocker, depends on, waiting on, prerequisite',
  'organization, org, orgs, company, tenant',
  'run, kick off, start, trigger, launch, fire',
  'build, pipeline, ci, continuous integration, workflow',
  'flaky, random, intermittent, unreliable, nondeterministic, sporadic',
  'test, spec, specs, check, suite',
  'logout, log out, sign out, signout, session, sessions',
  'login, log in, sign in, signin, logged in, authenticated',
  'whoami, who am i, current user, me, viewer, self, myself',
  'worklog, time spent, hours, logged time, time tracking, effort',
  'pull request, proposal, propose changes, code review, look over',
  'untracked, stray, junk, unknown to git, leftover',
  'clean, get rid of, tidy, purge, clear',
  'git, vcs, version control, source control',
  'size, how big, bytes, weight, large',
  'modified, touched, timestamp, last changed, mtime, metadata',
  'allowed, permitted, access, permission, may touch, authorized',
  'pdf, paper, document',
  'annotate, mark up, highlight, markup',
  'repeat, echo, parrot, say back',
  'sum, plus, add up, total',
  'remember, memory, knowledge graph, memorize, recall, forget',
  'people, users, members, everyone, team, folks',
  'phone, sms, text message, call',
  'priority, urgent, importance, severity, bump',
  'sprint, cycle, iteration',
  'release, version, tag',
  'headline, article, story',
  'reference, docs, documentation, manual, guide, api reference',
  'search engine, google, web search, look up online, internet',
  'eat, restaurant, food, cafe, dinner, lunch',
  'close by, nearby, near, around, local',
];

/** A query word's (or phrase's) other wordings, each one a list of stems. */
export interface SynonymTable {
  /** Stems of a word or phrase, joined by a space, to the stemmed other members of its groups. */
  expansions: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Longest phrase in the table, in words. */
  longestPhrase: number;
}

export function buildSynonymTable(
  groups: readonly string[] = SYNONYM_GROUPS,
  stemWord: (word: string) => string = stem,
): SynonymTable {
  const expansions = new Map<string, Map<string, string[]>>();
  let longestPhrase = 1;
  for (const line of groups) {
    const members = line
      .split(',')
      .map((member) => tokenize(member).map(stemWord))
      .filter((words) => words.length > 0);
    for (const member of members) {
      longestPhrase = Math.max(longestPhrase, member.length);
      const key = member.join(' ');
      const into = expansions.get(key) ?? new Map<string, string[]>();
      for (const other of members) if (other.join(' ') !== key) into.set(other.join(' '), other);
      expansions.set(key, into);
    }
  }
  return { expansions: new Map([...expansions].map(([key, others]) => [key, [...others.values()]])), longestPhrase };
}
