import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { LIVENESS_STEPS } from '../face-metrics.js';

/** Decoded sizes, checked after decoding with a code naming the image (the body limit bounds the text). */
export const PHOTO_MAX_BYTES = 200 * 1024;
export const FRAME_MAX_BYTES = 300 * 1024;
export const MAX_FRAMES = 8;

export const FRAME_STEPS = ['neutral', ...LIVENESS_STEPS] as const;

export class IdCardDto {
  @ApiProperty({ example: '王堃' }) @IsString() @Length(1, 64) name: string;
  @ApiProperty({ example: '32118319900307002X' })
  @IsString()
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be 18 characters' })
  idNumber: string;
  @ApiProperty({ example: '2036-01-01', description: 'YYYY-MM-DD or 长期' })
  @IsString()
  @Matches(/^(\d{4}-\d{2}-\d{2}|长期)$/, { message: 'validUntil must be YYYY-MM-DD or 长期' })
  validUntil: string;
  @ApiProperty({ description: `the card chip's (or a scanned card's) photo: base64 JPEG or PNG, at most ${PHOTO_MAX_BYTES} bytes` })
  @IsString()
  photo: string;
  @ApiProperty({ enum: ['reader', 'scan'] }) @IsIn(['reader', 'scan']) source: 'reader' | 'scan';
}

export class FrameDto {
  @ApiProperty({ enum: FRAME_STEPS }) @IsIn(FRAME_STEPS) step: (typeof FRAME_STEPS)[number];
  @ApiProperty({ description: `base64 JPEG or PNG, at most ${FRAME_MAX_BYTES} bytes` })
  @IsString()
  image: string;
}

export class IdentityCheckDto {
  @ApiProperty({
    enum: [true],
    description: 'the applicant agreed to the biometric notice (GET /api/identity/consent-notice) shown before capture',
  })
  @Equals(true)
  consent: true;
  @ApiPropertyOptional({ format: 'uuid', description: 'required unless IDENTITY_LIVENESS=off' })
  @IsOptional()
  @IsUUID()
  challengeId?: string;
  @ApiProperty({ type: IdCardDto }) @ValidateNested() @Type(() => IdCardDto) idCard: IdCardDto;
  @ApiProperty({ type: [FrameDto], minItems: 1, maxItems: MAX_FRAMES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FRAMES)
  @ValidateNested({ each: true })
  @Type(() => FrameDto)
  frames: FrameDto[];
}

export class ChallengeResponse {
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty({ enum: LIVENESS_STEPS, isArray: true, minItems: 2, maxItems: 3 }) steps: string[];
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class IdentityResult {
  @ApiProperty({ format: 'uuid', description: 'the check-in' }) id: string;
  @ApiProperty({ description: 'descriptor distance between the ID photo and the live frames (median); lower is closer' }) distance: number;
  @ApiProperty({ description: 'FACE_MATCH_DISTANCE in force' }) threshold: number;
  @ApiProperty({ enum: ['passed', 'not_checked'] }) liveness: 'passed' | 'not_checked';
  @ApiProperty({ type: [String] }) steps: string[];
  @ApiProperty({ example: 'face-api dlib-resnet128 … 1.7.15' }) model: string;
}

export class IdentityCheckResponse {
  @ApiProperty({ enum: ['checked_in'] }) status: 'checked_in';
  @ApiProperty({ type: IdentityResult }) identity: IdentityResult;
}

export class ConsentNotice {
  @ApiProperty() text: string;
  @ApiProperty() sha256: string;
}

export class IdentitySettings {
  @ApiProperty({ enum: ['challenge', 'off'], description: '`off`: liveness is not checked (the console says so on screen)' })
  liveness: 'challenge' | 'off';
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The ID card reader’s local service the console reads (GET {cardReaderUrl}/card); null: no reader, the console’s simulator',
  })
  cardReaderUrl: string | null;
}

export class IdentityImageParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ enum: ['id-photo', 'live-frame'] }) @IsIn(['id-photo', 'live-frame']) which: 'id-photo' | 'live-frame';
}
