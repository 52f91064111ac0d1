import { h, mount } from '../../dom.js';
import { L } from '../../i18n.js';
import { href, type Page } from '../../router.js';

// ── home ─────────────────────────────────────────────────────────────────────

export const homePage: Page = ({ root }) => {
  const tile = (path: string, title: string, text: string, testId: string) =>
    h('a', { class: 'tile', href: href(path), 'data-testid': testId }, h('strong', null, title), h('span', null, text));
  mount(
    root,
    h(
      'section',
      { class: 'hero' },
      h('h1', null, L('足不出镇，远程办理公证', 'Notarization from your township, over video')),
      h(
        'p',
        null,
        L(
          '在乡镇公共法律服务中心，由辅助人员核验身份，城区公证处的公证员通过视频为您办理，电子签名后即可下载公证书。',
          'At your township’s public legal-service centre an assistant checks your identity, a notary at the city office interviews you over video, you sign electronically, and you download the certificate.',
        ),
      ),
    ),
    h(
      'div',
      { class: 'tiles' },
      tile('/book', L('预约办理', 'Book an appointment'), L('选择服务点、事项和时间', 'Choose a point, a matter and a time'), 'tile-book'),
      tile(
        '/case',
        L('案件查询', 'Check my case'),
        L('凭案件号和访问码查看进度、下载公证书', 'Case number + access code: status and certificate'),
        'tile-case',
      ),
      tile(
        '/verify',
        L('公证书验证', 'Verify a certificate'),
        L('上传公证书 PDF 或扫描二维码', 'Upload the PDF or scan its QR code'),
        'tile-verify',
      ),
      tile(
        '/points',
        L('服务点与覆盖', 'Points and coverage'),
        L('查找附近的远程公证服务点', 'Find a remote notarization point'),
        'tile-points',
      ),
    ),
    h(
      'div',
      { class: 'tiles tiles-staff' },
      tile(
        '/assistant',
        L('辅助人员工作台', 'Assistant console'),
        L('今日预约、现场登记、身份核验、视频办理', 'Today’s bookings, walk-ins, check-in, video'),
        'tile-assistant',
      ),
      tile(
        '/notary',
        L('公证员工作台', 'Notary console'),
        L('值班、现场排队、视频询问、审批出证', 'Duty, live queue, interview, approval'),
        'tile-notary',
      ),
    ),
  );
};
