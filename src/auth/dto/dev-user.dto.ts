import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** The answers of the development sign-in (dev-login.controller.ts). */

@ApiSchema({ name: 'DevUser' })
export class DevUserDto {
  @ApiProperty()
  sub: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String] })
  roles: string[];

  @ApiPropertyOptional({ description: 'The unit code the user works for' })
  unit?: string;
}

@ApiSchema({ name: 'DevToken' })
export class DevTokenDto {
  @ApiProperty({ description: 'A bearer token (JWT, HS256) for the demo user' })
  token: string;
}
