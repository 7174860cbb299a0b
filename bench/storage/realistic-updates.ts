/**
 * Realistic record-document updates for the storage benchmarks: a few editors (each its own
 * Y.Doc, kept in step as if live) set an account's scalar fields and type into its description,
 * one small update per edit, through the record document model in `shared/doc/`. Every value fits
 * the account schema (shared/records/account.ts), as the server would only store such updates.
 */
import * as Y from 'yjs'
import { createRecordDoc, deleteText, insertText, readText, writeFields } from '../../shared/doc/record-doc'

/** Account text fields a sentence of up to four words fits (at most 80 characters). */
const TEXT_FIELDS = ['name', 'industry', 'billingStreet', 'billingCity', 'billingState', 'billingCountry',
  'shippingStreet', 'shippingCity', 'shippingState', 'shippingCountry']
const NUMBER_FIELDS = ['annualRevenue', 'employees']
const WORDS = ['call', 'back', 'next', 'week', 'about', 'renewal', 'pricing', 'the', 'contract', 'quote', 'sent',
  'meeting', 'with', 'procurement', 'approved', 'budget', 'for', 'Q3', 'follow', 'up']

const REPLAY = Symbol('replay')

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` updates of one record, in order, by `editors` editors. */
export function recordUpdates(count: number, random: () => number, editors = 3): Uint8Array[] {
  const docs = Array.from({ length: editors }, () => createRecordDoc())
  const updates: Uint8Array[] = []
  const made: Uint8Array[] = []
  for (const doc of docs) doc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== REPLAY) made.push(u) })
  for (let i = 0; i < count; i++) {
    const doc = docs[Math.floor(random() * editors)]!
    const roll = random()
    if (roll < 0.7) {
      if (random() < 0.2) writeFields(doc, { [pick(random, NUMBER_FIELDS)]: Math.round(random() * 100_000) })
      else writeFields(doc, { [pick(random, TEXT_FIELDS)]: sentence(random, 1 + Math.floor(random() * 4)) })
    } else if (roll < 0.93 || readText(doc, 'description').length < 20) {
      const text = readText(doc, 'description')
      insertText(doc, 'description', Math.floor(random() * (text.length + 1)), `${sentence(random, 1 + Math.floor(random() * 3))} `)
    } else {
      const length = readText(doc, 'description').length
      const at = Math.floor(random() * (length - 10))
      deleteText(doc, 'description', at, 1 + Math.floor(random() * 8))
    }
    for (const update of made.splice(0)) {
      updates.push(update)
      for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, REPLAY)
    }
  }
  for (const doc of docs) doc.destroy()
  return updates
}

function pick(random: () => number, from: readonly string[]): string {
  return from[Math.floor(random() * from.length)]!
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ')
}
