// How members' words are matched to a keyword table (each intent declares its own words, see intents/).
export const CANCEL_WORDS = ['取消', '退出', '算了', 'cancel', '/cancel'];
export const CONFIRM_WORDS = ['确认', '确定', '是', '是的', '好', 'yes', 'y', 'ok'];
export const SKIP_WORDS = ['跳过', '不填', '无', 'skip'];

export interface MatchedIntent<I extends string> {
  intent: I;
  /** What follows the keyword, e.g. "10" in "消费记录 10". */
  args: string;
}

/** Finds the keyword a normalised text starts with (longest variant first), with the rest as args. */
export function matchIntent<I extends string>(
  table: Record<I, readonly string[]>,
  text: string,
): MatchedIntent<I> | null {
  let best: MatchedIntent<I> | null = null;
  let bestLength = 0;
  for (const [intent, variants] of Object.entries(table) as Array<[I, readonly string[]]>) {
    for (const variant of variants) {
      if (variant.length <= bestLength) continue;
      if (text === variant) {
        best = { intent, args: '' };
        bestLength = variant.length;
      } else if (text.startsWith(variant)) {
        const rest = text.slice(variant.length);
        // "消费记录 10" and "消费记录10" take arguments; "积分商城" is not "积分" + "商城".
        if (rest.startsWith(' ') || /^\d/.test(rest)) {
          best = { intent, args: rest.trim() };
          bestLength = variant.length;
        }
      }
    }
  }
  return best;
}

// Ways people ask around a keyword: "查一下积分", "积分还有多少", "我有多少积分？". Stripped only when the
// text as typed matches no keyword, and only to find a keyword exactly: "积分商城" never becomes "积分".
const ASKING_PREFIX =
  /^(请|麻烦)?(帮我|给我)?(你们|现在|目前|最近的|最近)?(我要|我想|想要|想|要|怎么|如何)?(查一下|查一查|查下|查查|查询|查|看一下|看一看|看下|看看|告诉我)?(我的|我)?(还)?(有多少|剩多少|还有多少|有哪些|是什么)?/;
const ASKING_SUFFIX =
  /(是多少|还有多少钱|还有多少|有多少|还剩多少|剩多少|多少钱|多少|查询|怎么查|在哪|在哪里|是什么|有哪些|还有|还剩)$/;
const TRAILING_PARTICLES = /[吗呢啊呀吧嘛哦]+$/;

/** The keyword a question is about, or the text unchanged when it is no common phrasing. */
export function foldPhrasing(text: string): string {
  let t = text.replace(/\s+/g, '').replace(/[?？!！。.~～]+$/, '');
  // Each step keeps what it would strip away entirely: "在哪里" is itself the question.
  for (const asking of [TRAILING_PARTICLES, ASKING_PREFIX, ASKING_SUFFIX, /的$/]) {
    t = t.replace(asking, '') || t;
  }
  return t;
}

/** Like matchIntent, and when nothing matches, tries the text with its asking words folded away. */
export function matchPhrasing<I extends string>(
  table: Record<I, readonly string[]>,
  text: string,
): MatchedIntent<I> | null {
  const direct = matchIntent(table, text);
  if (direct) return direct;
  const folded = foldPhrasing(text);
  if (!folded || folded === text) return null;
  const found = matchIntent(table, folded);
  return found && found.args === '' ? found : null;
}

export function isOneOf(text: string, words: readonly string[]): boolean {
  return words.includes(text);
}
