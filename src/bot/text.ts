// Normalises what people type: full-width forms, spacing, case, and traditional characters common in
// our keywords, so that "ＨＥＬＰ", "查詢積分" and " 查积分 " all read the same.

const TRADITIONAL: Record<string, string> = {
  詢: '询',
  積: '积',
  餘: '余',
  額: '额',
  會: '会',
  員: '员',
  錄: '录',
  記: '记',
  費: '费',
  綁: '绑',
  領: '领',
  註: '注',
  冊: '册',
  門: '门',
  電: '电',
  話: '话',
  簽: '签',
  幫: '帮',
  單: '单',
  訴: '诉',
  確: '确',
  認: '认',
  優: '优',
  劵: '券',
  據: '据',
  內: '内',
  號: '号',
  碼: '码',
  驗: '验',
  證: '证',
  絡: '络',
  兌: '兑',
  換: '换',
  資: '资',
  戶: '户',
  掃: '扫',
  補: '补',
};

export function normalizeText(input: string): string {
  let text = '';
  for (const ch of input) {
    const code = ch.charCodeAt(0);
    if (code === 0x3000) text += ' ';
    else if (code >= 0xff01 && code <= 0xff5e) text += String.fromCharCode(code - 0xfee0);
    else text += TRADITIONAL[ch] ?? ch;
  }
  return text
    .replace(/[，、]/g, ' ')
    .replace(/[。！？!?]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
