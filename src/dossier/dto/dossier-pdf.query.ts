import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class DossierPdfQuery {
  @ApiPropertyOptional({
    enum: ['zh', 'en'],
    description: 'The language of the PDF’s words; the deployment’s LANGUAGE (zh by default) when absent',
  })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
