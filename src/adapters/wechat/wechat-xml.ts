// WeChat's XML, read with fast-xml-parser (no DTDs, no entity expansion) and written with its builder,
// every value in CDATA. CreateTime is in seconds; ids stay strings (MsgId is 64-bit).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { NewsArticle } from '../../bot/types.js';

export type WechatFields = Record<string, string>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
  cdataPropName: false as unknown as string,
});

/** Reads the flat <xml> document WeChat posts; null when it is not one. */
export function parseWechatXml(body: string): WechatFields | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return null;
  try {
    const doc = parser.parse(body) as { xml?: Record<string, unknown> };
    if (!doc.xml || typeof doc.xml !== 'object') return null;
    const fields: WechatFields = {};
    for (const [k, v] of Object.entries(doc.xml))
      if (typeof v === 'string' || typeof v === 'number') fields[k] = String(v);
    return fields;
  } catch {
    return null;
  }
}

const builder = new XMLBuilder({ cdataPropName: '__cdata', format: false, suppressEmptyNode: false });

/** A value in CDATA (the builder itself splits a "]]>" inside across two sections). */
function cdata(value: string | number) {
  return { __cdata: String(value) };
}

function seconds(): number {
  return Math.floor(Date.now() / 1000);
}

// Passive replies must stay under 2048 bytes of UTF-8; longer text is cut at a line with a pointer.
const MAX_TEXT_BYTES = 2000;

export function fitText(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= MAX_TEXT_BYTES) return text;
  const suffix = '\n……（内容较长，已省略）';
  let cut = text;
  while (Buffer.byteLength(cut + suffix, 'utf8') > MAX_TEXT_BYTES)
    cut = cut.slice(0, Math.floor(cut.length * 0.9));
  const lastBreak = cut.lastIndexOf('\n');
  return (lastBreak > cut.length / 2 ? cut.slice(0, lastBreak) : cut) + suffix;
}

export function textReplyXml(to: string, from: string, text: string): string {
  return builder.build({
    xml: {
      ToUserName: cdata(to),
      FromUserName: cdata(from),
      CreateTime: seconds(),
      MsgType: cdata('text'),
      Content: cdata(fitText(text)),
    },
  });
}

export function newsReplyXml(to: string, from: string, article: NewsArticle): string {
  return builder.build({
    xml: {
      ToUserName: cdata(to),
      FromUserName: cdata(from),
      CreateTime: seconds(),
      MsgType: cdata('news'),
      ArticleCount: 1,
      Articles: {
        item: {
          Title: cdata(article.title),
          Description: cdata(article.description),
          PicUrl: cdata(article.picUrl ?? ''),
          Url: cdata(article.url ?? ''),
        },
      },
    },
  });
}

export function encryptedReplyXml(
  encrypt: string,
  signature: string,
  timestamp: string,
  nonce: string,
): string {
  return builder.build({
    xml: {
      Encrypt: cdata(encrypt),
      MsgSignature: cdata(signature),
      TimeStamp: timestamp,
      Nonce: cdata(nonce),
    },
  });
}
