import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { AppConfig } from '../config/app.config';

/** One face of a font file: a .ttf/.otf, or a face of a .ttc collection named by its PostScript name. */
export interface FontFace {
  path: string;
  face?: string;
}

/** The body face (宋体/仿宋-like) and the title face (小标宋-like, bold); the same when there is one. */
export interface DocumentFonts {
  body: FontFace;
  title: FontFace;
}

const NOTO = '/usr/share/fonts/opentype/noto';
/** Debian's CJK fonts, best first: serif faces look most like the official 宋体/仿宋. */
const CANDIDATES: { body: FontFace; title?: FontFace }[] = [
  {
    body: { path: `${NOTO}/NotoSerifCJK-Regular.ttc`, face: 'NotoSerifCJKsc-Regular' },
    title: { path: `${NOTO}/NotoSerifCJK-Bold.ttc`, face: 'NotoSerifCJKsc-Bold' },
  },
  {
    body: { path: `${NOTO}/NotoSansCJK-Regular.ttc`, face: 'NotoSansCJKsc-Regular' },
    title: { path: `${NOTO}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
  },
  { body: { path: '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf' } },
  { body: { path: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'ARPLUMingCN-Light' } },
  { body: { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' } },
  { body: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' } },
];

export const FONT_MISSING =
  'No CJK font for documents: install the Debian package fonts-noto-cjk, or set DOCUMENT_FONT to a ' +
  '.ttf/.otf file (or file.ttc#PostScriptName for a face of a collection)';

/** Whether pdfkit can lay out Chinese text with the face (the file exists, the face is in it). */
function usable(face: FontFace): boolean {
  if (!existsSync(face.path)) return false;
  try {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont('probe', face.path, face.face ?? '');
    probe.font('probe');
    return probe.widthOfString('问责') > 0;
  } catch {
    return false;
  }
}

/** DOCUMENT_FONT as a face: `path` or `path#PostScriptName`. */
export function parseFontSetting(setting: string): FontFace {
  const hash = setting.lastIndexOf('#');
  return hash > 0 ? { path: setting.slice(0, hash), face: setting.slice(hash + 1) } : { path: setting };
}

/** The font the documents are set in, found once at start (DOCUMENT_FONT, else Debian's CJK fonts). */
@Injectable()
export class DocumentFont {
  private readonly logger = new Logger('Documents');
  readonly fonts: DocumentFonts | null;

  constructor(config: ConfigService<AppConfig, true>) {
    this.fonts = this.find(config.get('DOCUMENT_FONT', { infer: true }));
    if (this.fonts) this.logger.log(`documents are set in ${this.describe(this.fonts.body)}`);
  }

  /** The fonts, or 503 with what to install or set. */
  require(): DocumentFonts {
    if (!this.fonts) throw new ServiceUnavailableException(FONT_MISSING);
    return this.fonts;
  }

  private find(setting: string | undefined): DocumentFonts | null {
    if (setting) {
      const face = parseFontSetting(setting);
      if (usable(face)) return { body: face, title: face };
      this.logger.error(
        `DOCUMENT_FONT ${setting} cannot be used; documents cannot be issued. ${FONT_MISSING}`,
      );
      return null;
    }
    for (const c of CANDIDATES) {
      if (!usable(c.body)) continue;
      return { body: c.body, title: c.title && usable(c.title) ? c.title : c.body };
    }
    this.logger.error(`${FONT_MISSING}; documents cannot be issued until then`);
    return null;
  }

  private describe(face: FontFace): string {
    return face.face ? `${face.face} (${face.path})` : face.path;
  }
}
