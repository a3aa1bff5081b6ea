import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** A SHA-256 path parameter: 64 hex digits (upper case taken as lower). */
export class Sha256Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const hex = value.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new BadRequestException('sha256 must be 64 hexadecimal digits');
    return hex;
  }
}
