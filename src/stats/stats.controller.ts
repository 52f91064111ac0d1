import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/error.response.js';
import { CaseStatsQuery, StatsFilterQuery } from './dto/stats.dto.js';
import { CaseStatsView, HandlingDistributionView } from './dto/stats.response.js';
import { statsCsv } from './stats-csv.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@ApiBearerAuth()
@ApiErrors()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** Case figures per day, point, matter, office or notary, with a total; scoped to the caller's office or point. */
  @Get('cases')
  @Roles('admin', 'notary', 'assistant')
  @ApiOkResponse({ type: CaseStatsView })
  cases(@Auth() actor: Actor, @Query() q: CaseStatsQuery): Promise<CaseStatsView> {
    return this.stats.cases(actor, q);
  }

  /** The spread of handling times (check-in → certificate) of the cases in range, for a histogram. */
  @Get('handling')
  @Roles('admin', 'notary', 'assistant')
  @ApiOkResponse({ type: HandlingDistributionView })
  handling(@Auth() actor: Actor, @Query() q: StatsFilterQuery): Promise<HandlingDistributionView> {
    return this.stats.handling(actor, q);
  }

  /** The same rows as CSV (UTF-8 with a byte order mark, a header row, a total line last). */
  @Get('cases.csv')
  @Roles('admin', 'notary', 'assistant')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="cases.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV: key,label,booked,completed,rejected,cancelled,noShow,certificates,handling/waiting p50/p90',
    type: String,
  })
  async casesCsv(@Auth() actor: Actor, @Query() q: CaseStatsQuery): Promise<string> {
    return statsCsv(await this.stats.cases(actor, q));
  }
}
