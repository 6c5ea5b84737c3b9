/**
 * Free text (notes, comments, call logs) told apart from categories by its values: texts that
 * mention people (a name, an e-mail address or a phone number inside the text), or sentences that
 * are mostly unique. Such a column is its own kind, `text`: never modelled, because a note held by
 * k rows ("Call back Carley Mayer") would otherwise be stored as a category and sampled verbatim.
 */
import { personalMention } from './detect/personal-in-text.js';
import { percent } from './infer-comment.js';
import type { ColumnProfile } from './infer-profile.js';

/** This share of rows mentioning a person is no accident of a label: the column is notes. */
const MENTION_SHARE = 0.05;
/** Prose: most rows hold at least this many words ... */
const SENTENCE_WORDS = 4;
const SENTENCE_SHARE = 0.5;
/** ... most rows hold a text fewer than this many rows share ... */
const RARE_TEXT_ROWS = 5;
const RARE_SHARE = 0.5;
/** ... and there are at least this many distinct texts (a few long labels are categories). */
const MIN_DISTINCT_TEXTS = 20;
/** Checking this many distinct values (weighted by their rows) is plenty to judge a column. */
const MAX_CHECKED = 20_000;

/**
 * Why a text column is free text, in plain words, or undefined when it is not.
 * @example freeTextReason(profileColumn('note', notes)) // 'Free text: 38% of present values mention ...'
 */
export function freeTextReason(profile: ColumnProfile): string | undefined {
  if (profile.storage !== 'text' || profile.present === 0) return undefined;
  let checkedRows = 0;
  let mentionRows = 0;
  let sentenceRows = 0;
  let rareRows = 0;
  let checked = 0;
  for (const [value, rows] of profile.texts) {
    if (checked++ >= MAX_CHECKED) break;
    checkedRows += rows;
    if (personalMention(value) !== undefined) mentionRows += rows;
    if (value.trim().split(/\s+/).length >= SENTENCE_WORDS) sentenceRows += rows;
    if (rows < RARE_TEXT_ROWS) rareRows += rows;
  }
  const mentions = mentionRows / checkedRows;
  if (mentions >= MENTION_SHARE) {
    return `Free text: ${percent(mentions)} of present values mention a person (a full name, an e-mail address or a phone number inside the text).`;
  }
  const sentences = sentenceRows / checkedRows;
  if (
    profile.texts.size >= MIN_DISTINCT_TEXTS &&
    sentences >= SENTENCE_SHARE &&
    rareRows / checkedRows >= RARE_SHARE
  ) {
    return `Free text: ${percent(sentences)} of present values are sentences of ${SENTENCE_WORDS} or more words, and ${percent(rareRows / checkedRows)} hold a text fewer than ${RARE_TEXT_ROWS} rows share.`;
  }
  return undefined;
}
