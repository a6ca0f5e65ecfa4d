// The member card in WeChat's 卡包 (卡券 · 会员卡 API): the template, the 领卡 QR code, the activation form,
// activation, and the absolute figures (bonus, balance) after each entry. Facts: ../shared/docs/WECHAT-CARD-PAY-SMS.md.
import type { CardDesign, CardFigures, CardPlatform } from '../../domain/cards/card-platform.js';
import {
  CARD_DESCRIPTION,
  CARD_NOTICE,
  CARD_TITLE,
  cardNotes,
  cardPerks,
} from '../../bot/templates/card-texts.js';
import type { WechatApi } from './wechat-api.js';

type FormFields = { common_field_list?: Array<{ name: string; value: string }> };
const PHONE_FIELD = 'USER_FORM_INFO_FLAG_MOBILE';
const phoneIn = (form: FormFields | undefined) =>
  form?.common_field_list?.find((f) => f.name === PHONE_FIELD)?.value ?? null;

export class WechatCardPlatform implements CardPlatform {
  constructor(
    private readonly api: WechatApi,
    /** Where WeChat sends a member after its activation form (the redirect form); one-tap without it. */
    private readonly activationUrl: string | null,
  ) {}

  async saveDesign(design: CardDesign, existingCardId: string | null): Promise<string> {
    const baseInfo = {
      logo_url: design.logoUrl,
      color: design.color,
      notice: CARD_NOTICE,
      description: CARD_DESCRIPTION,
    };
    if (existingCardId) {
      await this.api.call('/card/update', {
        card_id: existingCardId,
        member_card: { base_info: baseInfo, prerogative: cardPerks(design) },
      });
      return existingCardId;
    }
    const created = await this.api.call<{ card_id: string }>('/card/create', {
      card: {
        card_type: 'MEMBER_CARD',
        member_card: {
          base_info: {
            ...baseInfo,
            brand_name: design.shopName,
            code_type: 'CODE_TYPE_QRCODE',
            title: CARD_TITLE,
            date_info: { type: 'DATE_TYPE_PERMANENT' },
            sku: { quantity: 100_000_000 },
            get_limit: 1,
            can_share: false,
            can_give_friend: false,
          },
          supply_bonus: true,
          supply_balance: true,
          prerogative: cardPerks(design),
          custom_field1: { name_type: 'FIELD_NAME_TYPE_LEVEL' },
          wx_activate: true,
          ...(this.activationUrl
            ? { wx_activate_after_submit: true, wx_activate_after_submit_url: this.activationUrl }
            : {}),
        },
      },
    });
    // One-tap activation does nothing until the card says which fields its form asks for.
    await this.api.call('/card/membercard/activateuserform/set', {
      card_id: created.card_id,
      required_form: { can_modify: false, common_field_id_list: [PHONE_FIELD] },
    });
    return created.card_id;
  }

  async offerUrl(cardId: string): Promise<string> {
    const qr = await this.api.call<{ show_qrcode_url: string }>('/card/qrcode/create', {
      action_name: 'QR_CARD',
      action_info: { card: { card_id: cardId, is_unique_code: false } },
    });
    return qr.show_qrcode_url;
  }

  async formPhone(cardId: string, code: string): Promise<string | null> {
    const info = await this.api.call<{ user_info?: FormFields }>('/card/membercard/userinfo/get', {
      card_id: cardId,
      code,
    });
    return phoneIn(info.user_info);
  }

  async ticketPhone(activateTicket: string): Promise<string | null> {
    const temp = await this.api.call<{ info?: FormFields }>('/card/membercard/activatetempinfo/get', {
      activate_ticket: activateTicket,
    });
    return phoneIn(temp.info);
  }

  async activate(
    cardId: string,
    code: string,
    membershipNumber: string,
    figures: CardFigures,
  ): Promise<void> {
    await this.api.call('/card/membercard/activate', {
      card_id: cardId,
      code,
      membership_number: membershipNumber,
      init_bonus: figures.points,
      init_balance: figures.balanceFen,
      init_custom_field_value1: figures.levelName,
    });
  }

  async update(cardId: string, code: string, figures: CardFigures): Promise<void> {
    const { pointsNote, balanceNote } = cardNotes(figures);
    // Absolute bonus and balance only: an add_* retried or reordered would count twice or go back.
    await this.api.call('/card/membercard/updateuser', {
      card_id: cardId,
      code,
      bonus: figures.points,
      balance: figures.balanceFen,
      custom_field_value1: figures.levelName,
      ...(pointsNote ? { record_bonus: pointsNote } : {}),
      ...(balanceNote ? { record_balance: balanceNote } : {}),
      notify_optional: { is_notify_bonus: !!pointsNote, is_notify_balance: !!balanceNote },
    });
  }

  async decryptCode(encrypted: string): Promise<string> {
    return (await this.api.call<{ code: string }>('/card/code/decrypt', { encrypt_code: encrypted })).code;
  }
}
