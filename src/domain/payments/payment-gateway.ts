// The port to the payment provider (WeChat Pay API v3 in src/adapters/wechatpay): the domain says what
// is owed and asks what was paid; the adapter speaks the provider's protocol and checks its signatures.

export interface PaymentRequest {
  outTradeNo: string;
  description: string;
  totalFen: number;
  expiresAt: Date;
  /** The payer inside WeChat (JSAPI); without it a QR code to scan (Native). */
  openid: string | null;
}

/** What the provider says of an order: it alone can say it was paid. */
export interface PaymentState {
  outTradeNo: string;
  state: 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'PAYERROR' | 'REVOKED';
  totalFen: number;
  currency: string;
  transactionId: string | null;
}

export interface PaymentGateway {
  /** JSAPI: the prepay_id the pay page hands WeixinJSBridge. Native: the code_url to show as a QR code. */
  create(request: PaymentRequest): Promise<{ prepayId: string } | { codeUrl: string }>;
  query(outTradeNo: string): Promise<PaymentState>;
  close(outTradeNo: string): Promise<void>;
  /** Asks the provider to pay `refundFen` back; its answer (or notify) says how it ended. */
  refund(request: {
    outTradeNo: string;
    outRefundNo: string;
    reason: string;
    refundFen: number;
    totalFen: number;
  }): Promise<RefundState>;
  queryRefund(outRefundNo: string): Promise<RefundState>;
}

export type RefundState = { outRefundNo: string; status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED' };
