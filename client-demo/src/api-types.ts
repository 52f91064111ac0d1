/**
 * Generated from the service's OpenAPI document by `npm run client:types` (scripts/client-types.ts).
 * Do not edit: change the response DTOs (src/<module>/dto/*.response.ts) and regenerate.
 */

export interface paths {
  '/api/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuditController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuditController_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/log/checkpoint': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogPublicController_checkpoint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/log/verifier-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogPublicController_verifierKey'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/log/witnesses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogPublicController_witnesses'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/log/tile/{path}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogPublicController_tile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/log/proof/inclusion': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogProofController_inclusion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/log/proof/consistency': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['LogProofController_consistency'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['JwksController_jwks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['UsersController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['UsersController_resetPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['UsersController_disable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['UsersController_enable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/regions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RegionsController_list'];
    put?: never;
    post: operations['RegionsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/coverage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RegionsController_getCoverage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/offices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['OfficesController_list'];
    put?: never;
    post: operations['OfficesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/offices/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['OfficesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['AdministrationController_updateOffice'];
    trace?: never;
  };
  '/api/offices/{id}/notaries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['OfficesController_notaries'];
    put?: never;
    post: operations['OfficesController_createNotary'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/points': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PointsController_list'];
    put?: never;
    post: operations['PointsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/points/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PointsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['PointsController_update'];
    trace?: never;
  };
  '/api/points/{id}/assistants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PointsController_assistants'];
    put?: never;
    post: operations['PointsController_createAssistant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/points/{id}/terminals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PointsController_terminals'];
    put?: never;
    post: operations['PointsController_registerTerminal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/terminals/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PointsController_approveTerminal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/terminals/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PointsController_disableTerminal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/demo-accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdministrationController_demoAccounts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/demo-accounts/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdministrationController_disableDemoAccounts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notaries/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['AdministrationController_updateNotary'];
    trace?: never;
  };
  '/api/matters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['MattersController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/matters/never-remote': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['MattersController_neverRemote'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/matters/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['MattersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['MattersController_update'];
    trace?: never;
  };
  '/api/points/{id}/slots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_slots'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/points/{id}/availability': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_availabilityByDay'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_list'];
    put?: never;
    post: operations['BookingController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/walk-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_walkIn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/invite.ics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_invite'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_cancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/reschedule': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_reschedule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/no-show': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_noShow'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_claim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BookingController_queue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/case-access': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['BookingController_access'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notaries/{id}/schedule': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SchedulesController_get'];
    put: operations['SchedulesController_put'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notaries/{id}/duty': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put: operations['SchedulesController_duty'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/check-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_checkIn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/check-in-override': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_override'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_list'];
    put?: never;
    post: operations['SessionController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/join': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_join'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/notice': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_notice'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/notice-ack': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_acknowledge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/record': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_record'];
    put: operations['SessionController_writeRecord'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/signature': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_sign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/signature.png': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_signatureImage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_abort'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/recordings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_manifest'];
    put?: never;
    post: operations['SessionController_addRecording'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/recordings/finish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_finishRecording'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/recording-override': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SessionController_recordingOverride'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/recording/url': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_playbackUrl'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/recording': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SessionController_playback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/identity/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['IdentityController_settings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/identity/consent-notice': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['IdentityController_notice'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/identity/challenge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['IdentityController_challenge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/bookings/{id}/identity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['IdentityController_check'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/identity/images/{which}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['IdentityController_image'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/matter-fields': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put: operations['CertificateController_matterFields'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CertificateController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/{id}/certificate/draft': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CertificateController_draft'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/certificates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CertificateController_metadata'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/certificates/{id}/pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CertificateController_pdf'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/certificates/{id}/log-proof': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CertificateController_logProof'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/certificates/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CertificateController_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CertificateController_verify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/certificates/{id}/corrections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CertificateCorrectionController_correct'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/stats/cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['StatsController_cases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/stats/handling': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['StatsController_handling'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/stats/cases.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['StatsController_casesCsv'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * @description Stable machine code
     * @enum {string}
     */
    ErrorCode:
      | 'ACCOUNT_DISABLED'
      | 'ALREADY_CHECKED_IN'
      | 'ALREADY_CLAIMED'
      | 'ALREADY_REVOKED'
      | 'ATTESTATION_INVALID'
      | 'ATTESTATION_REPLAYED'
      | 'AUTH_REQUIRED'
      | 'BAD_REQUEST'
      | 'BEYOND_HORIZON'
      | 'BOOKING_NOT_CANCELLABLE'
      | 'BOOKING_NOT_CONFIRMED'
      | 'BOOKING_NOT_FOUND'
      | 'BOOKING_NOT_RESCHEDULABLE'
      | 'CANNOT_DISABLE_SELF'
      | 'CERTIFICATE_NOT_FOUND'
      | 'CERTIFICATE_PDF_STORED'
      | 'CERTIFICATE_PREFIX_TAKEN'
      | 'CHALLENGE_EXPIRED'
      | 'CHALLENGE_NOT_FOUND'
      | 'CHALLENGE_REQUIRED'
      | 'CHALLENGE_USED'
      | 'CHECK_IN_LOCKED'
      | 'CHUNK_TOO_LARGE'
      | 'CONFLICT'
      | 'CONSENT_REQUIRED'
      | 'DATABASE_UNAVAILABLE'
      | 'DUPLICATE_REGION'
      | 'EMPTY_CHUNK'
      | 'EXPECTED_OCTET_STREAM'
      | 'FACE_MISMATCH'
      | 'FORBIDDEN'
      | 'FORBIDDEN_ROLE'
      | 'FRAMES_DO_NOT_MATCH_CHALLENGE'
      | 'IDENTITY_DOCUMENT_FIRST'
      | 'IDENTITY_IMAGE_NOT_FOUND'
      | 'ID_EXPIRED'
      | 'ID_MISMATCH'
      | 'ILLEGAL_TRANSITION'
      | 'IMAGE_INVALID'
      | 'IMAGE_TOO_LARGE'
      | 'INSIDE_MINIMUM_NOTICE'
      | 'INTERNAL_ERROR'
      | 'INVALID_CASE_ACCESS'
      | 'INVALID_CREDENTIALS'
      | 'INVALID_ID_NUMBER'
      | 'INVALID_JSON'
      | 'INVALID_JWK'
      | 'INVALID_OPENING_HOURS'
      | 'INVALID_PHONE'
      | 'INVALID_RANGE'
      | 'INVALID_REGION_CODE'
      | 'INVALID_SCHEDULE'
      | 'INVALID_SIGNATURE_IMAGE'
      | 'INVALID_TOKEN'
      | 'LICENSE_NO_TAKEN'
      | 'LIVENESS_FAILED'
      | 'LIVENESS_OFF'
      | 'LOG_PROOF_PENDING'
      | 'LOG_RANGE'
      | 'MALFORMED_BODY'
      | 'MATTER_DISABLED'
      | 'MATTER_FIELDS_INVALID'
      | 'MATTER_NEVER_REMOTE'
      | 'MATTER_NOT_FOUND'
      | 'MATTER_RULE_VIOLATED'
      | 'MATTER_SPEC_INVALID'
      | 'METHOD_NOT_ALLOWED'
      | 'METRICS_TOKEN_INVALID'
      | 'MULTIPLE_FACES'
      | 'NOTARY_BUSY'
      | 'NOTARY_NOT_FOUND'
      | 'NOTICE_NOT_ACKNOWLEDGED'
      | 'NOT_APPLICABLE'
      | 'NOT_ASSIGNED_NOTARY'
      | 'NOT_A_PARTICIPANT'
      | 'NOT_A_PDF'
      | 'NOT_A_WALK_IN'
      | 'NOT_CHECKED_IN'
      | 'NOT_FOUND'
      | 'NOT_ISSUING_NOTARY'
      | 'NOT_ON_DUTY'
      | 'NO_FACE'
      | 'NO_NOTARY_WORKING'
      | 'NO_PDF'
      | 'NO_RECORD'
      | 'NO_RECORDING_OVERRIDE'
      | 'NO_SHOW_TOO_EARLY'
      | 'NO_SIGNATURE'
      | 'NO_TERMINAL'
      | 'NO_TERMINAL_FREE'
      | 'NO_TIME_YET'
      | 'OFFICE_EXISTS'
      | 'OFFICE_NOT_FOUND'
      | 'OFFICE_OUTSIDE_CITY'
      | 'OFFICE_REGION_LEVEL'
      | 'OUTSIDE_OPENING_HOURS'
      | 'OUT_OF_SCOPE'
      | 'PAYLOAD_TOO_LARGE'
      | 'PDF_TOO_COMPLEX'
      | 'PDF_TOO_LARGE'
      | 'PDF_TOO_SLOW'
      | 'PDF_UNREADABLE'
      | 'PLAYBACK_LINK_EXPIRED'
      | 'PLAYBACK_LINK_OTHER_SESSION'
      | 'POINT_EXISTS'
      | 'POINT_NOT_FOUND'
      | 'POINT_SUSPENDED'
      | 'PRIVATE_KEY_SUBMITTED'
      | 'RECORDING_ALREADY_FINISHED'
      | 'RECORDING_ALREADY_OVERRIDDEN'
      | 'RECORDING_FINISHED'
      | 'RECORDING_INCOMPLETE'
      | 'RECORDING_NOT_FOUND'
      | 'RECORDING_OUT_OF_ORDER'
      | 'RECORD_CHANGED'
      | 'REGION_EXISTS'
      | 'REGION_LEVEL_ORDER'
      | 'REGION_NOT_FOUND'
      | 'REGION_NOT_TOWNSHIP'
      | 'RETRY'
      | 'SERVICE_UNAVAILABLE'
      | 'SESSION_EXISTS'
      | 'SESSION_NOT_FOUND'
      | 'SIGNATURE_TOO_LARGE'
      | 'SIGNING_KEY_MISSING'
      | 'SLOT_TAKEN'
      | 'START_IN_PAST'
      | 'STORAGE_UNAVAILABLE'
      | 'TERMINAL_DISABLED'
      | 'TERMINAL_KEY_EXISTS'
      | 'TERMINAL_NOT_FOUND'
      | 'TILE_NOT_FOUND'
      | 'TOKEN_EXPIRED'
      | 'TOO_MANY_ATTEMPTS'
      | 'TOO_MANY_REQUESTS'
      | 'TSA_UNAVAILABLE'
      | 'UNAUTHORIZED'
      | 'UNHEALTHY'
      | 'UNKNOWN_OFFICE'
      | 'UNKNOWN_PLACEHOLDER'
      | 'UNKNOWN_REGION'
      | 'UNPRINTABLE_CHARACTER'
      | 'UNPRINTABLE_NAME'
      | 'UNPRINTABLE_TEXT'
      | 'UNPROCESSABLE'
      | 'UNSUPPORTED_KEY_TYPE'
      | 'UNSUPPORTED_MEDIA_TYPE'
      | 'USERNAME_TAKEN'
      | 'USER_NOT_FOUND'
      | 'VALIDATION_FAILED'
      | 'VERIFY_BUSY'
      | 'WALK_IN_NOT_WAITING';
    ErrorResponse: {
      /** @example 404 */
      statusCode: number;
      /**
       * @description Stable machine code
       * @example BOOKING_NOT_FOUND
       */
      code: components['schemas']['ErrorCode'];
      /** @description What went wrong, for people */
      message: string;
      /** @description Extra facts for some codes (e.g. retryAfterSeconds on 429) */
      details?: {
        [key: string]: unknown;
      };
    };
    AuditEntryView: {
      seq: number;
      /** @description UTC, microsecond precision */
      occurredAt: string;
      actor: string;
      action: string;
      subjectType: string | null;
      subjectId: string | null;
      payload: {
        [key: string]: unknown;
      };
      /** @description v1 (hash-chain) entries only */
      prevHash: string | null;
      hash: string;
      /** @description Position in the log's Merkle tree; null while pending */
      leafIndex?: number | null;
    };
    AuditPage: {
      entries: components['schemas']['AuditEntryView'][];
      /** @description Pass as `after` for the next page; null at the end */
      next: number | null;
    };
    VerifyResultDto: {
      ok: boolean;
      length: number;
      headHash: string;
      firstInvalidSeq?: number;
      /** @enum {string} */
      problem?:
        | 'SEQ_GAP'
        | 'PREV_HASH_MISMATCH'
        | 'HASH_MISMATCH'
        | 'ROOT_MISMATCH'
        | 'CHECKPOINT_MISMATCH'
        | 'REMEMBERED_HEAD_MISMATCH'
        | 'INCONSISTENT_WITH_REMEMBERED';
      firstInvalidIndex?: number;
      treeSize?: number;
      /** @description Root hash of the signed checkpoint, base64 */
      rootHash?: string;
      /** @description Entries committed but not yet integrated */
      pending?: number;
      /** @description The signed checkpoint (C2SP signed note) */
      checkpoint?: string;
    };
    InclusionProof: {
      index: number;
      treeSize: number;
      /** @description base64 */
      leafHash: string;
      /** @description base64 hashes */
      proof: string[];
    };
    ConsistencyProof: {
      from: number;
      to: number;
      /** @description base64 hashes */
      proof: string[];
    };
    LoginDto: {
      /** @example admin */
      username: string;
      /** @example correct horse battery staple */
      password: string;
    };
    UserView: {
      id: string;
      username: string;
      /** @enum {string} */
      role: 'admin' | 'notary' | 'assistant';
      displayName: string;
      officeId: string | null;
      pointId: string | null;
    };
    LoginResponse: {
      accessToken: string;
      /** @enum {string} */
      tokenType: 'Bearer';
      /** @description Seconds */
      expiresIn: number;
      user: components['schemas']['UserView'];
    };
    MeResponse: {
      /** @enum {string} */
      role: 'admin' | 'notary' | 'assistant' | 'citizen' | 'system';
      id?: string;
      username?: string;
      displayName?: string;
      officeId?: string | null;
      pointId?: string | null;
      /** @description Citizens only */
      bookingId?: string;
      /** @description Citizens only */
      caseNo?: string;
    };
    JwkSet: {
      /** @description Public keys (RFC 7517) */
      keys: {
        [key: string]: unknown;
      }[];
    };
    UserListRow: {
      id: string;
      username: string;
      /** @enum {string} */
      role: 'admin' | 'notary' | 'assistant';
      displayName: string;
      officeId: string | null;
      pointId: string | null;
      disabled: boolean;
      /** @example 2026-12-01T01:00:00.000Z */
      createdAt: string;
    };
    ResetPasswordDto: {
      password: string;
    };
    UserStatusView: {
      id: string;
      username: string;
      /** @enum {string} */
      role: 'admin' | 'notary' | 'assistant';
      displayName: string;
      officeId: string | null;
      pointId: string | null;
      disabled: boolean;
    };
    HealthResponse: {
      /** @enum {string} */
      status: 'ok' | 'error' | 'shutting_down';
      info?: {
        [key: string]: {
          status?: string;
        } & {
          [key: string]: unknown;
        };
      };
      error?: {
        [key: string]: {
          status?: string;
        } & {
          [key: string]: unknown;
        };
      };
      details: {
        [key: string]: {
          status?: string;
        } & {
          [key: string]: unknown;
        };
      };
    };
    CreateRegionDto: {
      /**
       * @description GB/T 2260 code; townships 9 or 12 digits
       * @example 321181
       */
      code: string;
      /** @example 丹阳市 */
      name: string;
      /** @enum {string} */
      level: 'province' | 'city' | 'county' | 'township';
      /**
       * @description required except for provinces
       * @example 321100
       */
      parentCode?: string;
      /** @description the code is made up for a demo, not an official one */
      illustrative?: boolean;
    };
    RegionView: {
      code: string;
      name: string;
      /** @enum {string} */
      level: 'province' | 'city' | 'county' | 'township';
      parentCode: string | null;
      illustrative: boolean;
    };
    RegionRef: {
      code: string;
      name: string;
      /** @enum {string} */
      level: 'province' | 'city' | 'county' | 'township';
    };
    CodeName: {
      code: string;
      name: string;
    };
    OfficeRef: {
      id: string;
      name: string;
    };
    CoveragePoint: {
      id: string;
      name: string;
      /** @enum {string} */
      status: 'active' | 'suspended';
      township: components['schemas']['CodeName'];
      office: components['schemas']['OfficeRef'];
    };
    CoverageFigures: {
      region: components['schemas']['RegionRef'];
      townships: number;
      townshipsWithActivePoint: number;
      /** @description Share of townships covered, 0–1; null without townships */
      rate: number | null;
      belowTarget?: boolean;
    };
    CoverageView: {
      region: components['schemas']['RegionRef'];
      townships: number;
      townshipsWithActivePoint: number;
      /** @description Share of townships covered, 0–1; null without townships */
      rate: number | null;
      belowTarget?: boolean;
      target?: number;
      points?: components['schemas']['CoveragePoint'][];
      children?: components['schemas']['CoverageFigures'][];
    };
    CreateOfficeDto: {
      /** @example 江苏省丹阳市公证处 */
      name: string;
      /** @example 321181 */
      regionCode: string;
      /**
       * @description the part of certificate numbers before 证字
       * @example 苏镇丹
       */
      certificatePrefix: string;
      address: string;
      /** @example 0511-86543210 */
      phone: string;
    };
    OfficeView: {
      id: string;
      name: string;
      regionCode: string;
      regionName?: string;
      certificatePrefix: string;
      address: string;
      phone: string;
    };
    CreateNotaryDto: {
      /** @example wang.notary */
      username: string;
      password: string;
      /** @example 王公证员 */
      displayName: string;
      /**
       * @description notary practising licence number
       * @example 13211812010001
       */
      licenseNo: string;
    };
    NotaryCreated: {
      id: string;
      username: string;
      displayName: string;
      /** @enum {string} */
      role: 'notary';
      officeId: string;
      licenseNo: string;
    };
    NotaryRow: {
      id: string;
      /** @description Administrators only (notary lists) */
      username?: string;
      displayName: string;
      active: boolean;
      licenseNo: string;
    };
    DatedExceptionView: {
      /** @example 2026-10-01 */
      date: string;
      ranges: string[][];
    };
    CreatePointDto: {
      /** @example 司徒镇远程公证服务点 */
      name: string;
      /**
       * @description a township
       * @example 321181103
       */
      regionCode: string;
      officeId: string;
      address: string;
      /** @example 0511-86123456 */
      phone: string;
      /**
       * @description Asia/Shanghai; keys mon…sun, each a list of ["HH:MM","HH:MM"]
       * @example {
       *       "mon": [
       *         [
       *           "08:30",
       *           "12:00"
       *         ],
       *         [
       *           "13:30",
       *           "17:30"
       *         ]
       *       ],
       *       "sat": []
       *     }
       */
      openingHours: {
        [key: string]: string[][];
      };
      /**
       * @example [
       *       {
       *         "date": "2026-10-01",
       *         "ranges": []
       *       }
       *     ]
       */
      exceptions?: components['schemas']['DatedExceptionView'][];
    };
    PointView: {
      id: string;
      name: string;
      address: string;
      phone: string;
      /** @enum {string} */
      status: 'active' | 'suspended';
      openingHours: {
        [key: string]: string[][];
      };
      exceptions: components['schemas']['DatedExceptionView'][];
      township: components['schemas']['CodeName'];
      office: components['schemas']['OfficeRef'];
    };
    UpdatePointDto: {
      name?: string;
      address?: string;
      phone?: string;
      openingHours?: {
        [key: string]: string[][];
      };
      exceptions?: components['schemas']['DatedExceptionView'][];
      /** @enum {string} */
      status?: 'active' | 'suspended';
    };
    CreateStaffDto: {
      /** @example wang.notary */
      username: string;
      password: string;
      /** @example 王公证员 */
      displayName: string;
    };
    AssistantCreated: {
      id: string;
      username: string;
      displayName: string;
      /** @enum {string} */
      role: 'assistant';
      pointId: string;
    };
    StaffRow: {
      id: string;
      /** @description Administrators only (notary lists) */
      username?: string;
      displayName: string;
      active: boolean;
    };
    RegisterTerminalDto: {
      /** @example 1号终端 (ID reader + camera) */
      label: string;
      /**
       * @description public key: Ed25519 (kty OKP) or P-256 (kty EC) JWK
       * @example {
       *       "kty": "OKP",
       *       "crv": "Ed25519",
       *       "x": "…"
       *     }
       */
      publicKeyJwk: {
        [key: string]: unknown;
      };
    };
    TerminalRegistered: {
      id: string;
      kid: string;
      /** @enum {string} */
      alg: 'EdDSA' | 'ES256';
      label: string;
      /** @enum {string} */
      status: 'pending' | 'active' | 'disabled';
    };
    TerminalView: {
      id: string;
      kid: string;
      /** @enum {string} */
      alg: 'EdDSA' | 'ES256';
      label: string;
      /** @enum {string} */
      status: 'pending' | 'active' | 'disabled';
      pointId: string;
      /** @description The public key as a JWK */
      publicJwk: {
        [key: string]: string;
      };
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      approvedAt: string | null;
      /** Format: date-time */
      disabledAt: string | null;
    };
    DemoAccountRow: {
      id: string;
      username: string;
      displayName: string;
      /** @enum {string} */
      role: 'notary' | 'assistant';
      disabled: boolean;
    };
    DemoAccountsDisabled: {
      /** @description usernames this request disabled */
      disabled: string[];
      /** @description demo accounts still enabled afterwards (always 0) */
      stillEnabled: number;
    };
    UpdateOfficeDto: {
      /** @example 江苏省丹阳市公证处 */
      name?: string;
      address?: string;
      /** @example 0511-86543210 */
      phone?: string;
    };
    UpdateNotaryDto: {
      /** @example 王公证员 */
      displayName?: string;
      /** @example 13211812010001 */
      licenseNo?: string;
    };
    BilingualText: {
      zh: string;
      en: string;
    };
    SelectOptionView: {
      value: string;
      labelZh: string;
      labelEn: string;
    };
    FieldConditionView: {
      field: string;
      in: string[];
    };
    MatterFieldView: {
      key: string;
      labelZh: string;
      labelEn: string;
      /** @enum {string} */
      type: 'text' | 'date' | 'number' | 'select';
      required: boolean;
      options?: components['schemas']['SelectOptionView'][];
      /** @enum {string} */
      precision?: 'day' | 'month';
      /** @description Whether the value is printed through the wording */
      inWording: boolean;
      onlyWhen?: components['schemas']['FieldConditionView'];
      hintZh?: string;
      example: string;
    };
    WordingCondition: {
      field: string;
      equals: string;
    };
    WordingVariantView: {
      when: components['schemas']['WordingCondition'];
      template: string;
    };
    MatterView: {
      code: string;
      nameZh: string;
      nameEn: string;
      description: string;
      descriptionEn: string;
      requiredMaterials: components['schemas']['BilingualText'][];
      estimatedMinutes: number;
      enabled: boolean;
      /** @description Remote rules (matters/catalogue/types.ts MatterRules) */
      rules: {
        [key: string]: unknown;
      };
      fields: components['schemas']['MatterFieldView'][];
      wordingTemplate: string;
      wordingVariants: components['schemas']['WordingVariantView'][];
      noticeTemplate: string;
    };
    NeverRemoteMatterView: {
      code: string;
      nameZh: string;
      nameEn: string;
      reason: components['schemas']['BilingualText'];
    };
    BilingualDto: Record<string, never>;
    SelectOptionDto: {
      value: string;
      labelZh: string;
      labelEn: string;
    };
    FieldConditionDto: {
      field: string;
      in: string[];
    };
    FieldSpecDto: {
      /** @example documentTitle */
      key: string;
      labelZh: string;
      labelEn: string;
      /** @enum {string} */
      type: 'text' | 'date' | 'number' | 'select';
      required: boolean;
      /** @description printed through the wording */
      inWording: boolean;
      options?: components['schemas']['SelectOptionDto'][];
      /** @enum {string} */
      precision?: 'day' | 'month';
      onlyWhen?: components['schemas']['FieldConditionDto'];
      hintZh?: string;
      /** @description a realistic value, used for previews */
      example: string;
    };
    UpdateMatterDto: {
      enabled?: boolean;
      /** @description the applicant's identity document must stay first */
      requiredMaterials?: components['schemas']['BilingualDto'][];
      estimatedMinutes?: number;
      /** @description certificate wording with {{placeholders}} */
      wordingTemplate?: string;
      noticeTemplate?: string;
      /** @description the whole field list, replacing the old one; checked against the wording */
      fields?: components['schemas']['FieldSpecDto'][];
      /** @description small inheritance only: the ceiling on the declared estate value, yuan */
      maxEstateValueYuan?: number;
    };
    Slot: {
      /** @description Shanghai time, ISO 8601 with offset */
      start: string;
      end: string;
    };
    DayAvailability: {
      /**
       * @description Shanghai date
       * @example 2026-12-01
       */
      date: string;
      /**
       * @description bookable start times that day (0: full or closed)
       * @example 12
       */
      free: number;
    };
    ApplicantDto: {
      /**
       * @description NFC-normalised; letters, combining marks, spaces and · . - ' only
       * @example 王堃
       */
      name: string;
      /**
       * @description 18-character resident ID number (GB 11643)
       * @example 321181199003070013
       */
      idNumber: string;
      /**
       * @description mainland mobile number
       * @example 13912345678
       */
      phone: string;
    };
    CreateBookingDto: {
      pointId: string;
      /** @example declaration */
      matterCode: string;
      /**
       * @description ISO 8601 with an offset
       * @example 2026-12-01T09:00:00+08:00
       */
      start: string;
      applicant: components['schemas']['ApplicantDto'];
    };
    IdName: {
      id: string;
      name: string;
    };
    MatterRef: {
      code: string;
      nameZh: string;
    };
    NotaryRef: {
      id: string;
      displayName: string | null;
    };
    BookingApplicant: {
      name: string;
      idNumberMasked: string;
      phoneMasked: string;
      /** @description In full for the notary handling the case only */
      idNumber?: string;
    };
    CreatedBooking: {
      id: string;
      caseNo: string;
      /** @enum {string} */
      kind: 'appointment' | 'walk_in';
      /** @enum {string} */
      status: 'waiting' | 'confirmed' | 'checked_in' | 'in_session' | 'completed' | 'cancelled' | 'no_show' | 'expired';
      point: components['schemas']['IdName'];
      office: components['schemas']['IdName'];
      matter: components['schemas']['MatterRef'];
      notary: components['schemas']['NotaryRef'] | null;
      terminalId: string | null;
      /** @description Null for an unclaimed walk-in */
      start: string | null;
      end: string | null;
      applicant: components['schemas']['BookingApplicant'];
      createdAt: string;
      /** @description Waiting walk-ins only */
      waitingSeconds?: number;
      cancelReason?: string;
      sessionId: string | null;
      certificateId: string | null;
      certificateNo: string | null;
      /** @description Shown once: with the case number it lets the citizen sign in */
      accessCode: string;
    };
    WalkInDto: {
      pointId: string;
      /** @example entrustment */
      matterCode: string;
      applicant: components['schemas']['ApplicantDto'];
    };
    BookingView: {
      id: string;
      caseNo: string;
      /** @enum {string} */
      kind: 'appointment' | 'walk_in';
      /** @enum {string} */
      status: 'waiting' | 'confirmed' | 'checked_in' | 'in_session' | 'completed' | 'cancelled' | 'no_show' | 'expired';
      point: components['schemas']['IdName'];
      office: components['schemas']['IdName'];
      matter: components['schemas']['MatterRef'];
      notary: components['schemas']['NotaryRef'] | null;
      terminalId: string | null;
      /** @description Null for an unclaimed walk-in */
      start: string | null;
      end: string | null;
      applicant: components['schemas']['BookingApplicant'];
      createdAt: string;
      /** @description Waiting walk-ins only */
      waitingSeconds?: number;
      cancelReason?: string;
      sessionId: string | null;
      certificateId: string | null;
      certificateNo: string | null;
    };
    CancelDto: {
      /** @example 申请人改期 */
      reason: string;
    };
    RescheduleDto: {
      /** @example 2026-12-02T10:00:00+08:00 */
      start: string;
    };
    QueueApplicant: {
      name: string;
    };
    QueueItem: {
      id: string;
      caseNo: string;
      point: components['schemas']['IdName'];
      matter: components['schemas']['MatterRef'];
      applicant: components['schemas']['QueueApplicant'];
      createdAt: string;
      waitingSeconds: number;
    };
    CaseAccessDto: {
      /** @example RN20261201-7KQ4M */
      caseNo: string;
      /** @example 12345678 */
      accessCode: string;
    };
    CaseRef: {
      id: string;
      caseNo: string;
    };
    CaseAccessResponse: {
      accessToken: string;
      /** @enum {string} */
      tokenType: 'Bearer';
      expiresIn: number;
      booking: components['schemas']['CaseRef'];
    };
    NotarySchedule: {
      notaryId: string;
      /** @description Working hours by weekday */
      weekly: {
        [key: string]: string[][];
      };
      exceptions: components['schemas']['DatedExceptionView'][];
      onDuty: boolean;
    };
    ScheduleDto: {
      /**
       * @example {
       *       "mon": [
       *         [
       *           "08:30",
       *           "12:00"
       *         ],
       *         [
       *           "13:30",
       *           "17:30"
       *         ]
       *       ]
       *     }
       */
      weekly: {
        [key: string]: string[][];
      };
      /**
       * @example [
       *       {
       *         "date": "2026-12-24",
       *         "ranges": []
       *       }
       *     ]
       */
      exceptions: components['schemas']['DatedExceptionView'][];
    };
    DutyDto: {
      onDuty: boolean;
    };
    DutyResponse: {
      notaryId: string;
      onDuty: boolean;
    };
    CheckInDto: {
      /** @description compact JWS signed by one of the point's active terminals */
      attestation: string;
    };
    CheckInResponse: {
      /** @enum {string} */
      status: 'checked_in';
    };
    OverrideDto: {
      /** @example 申请人近期整容，经视频询问核实本人身份 */
      reason: string;
    };
    CheckInOverrideResponse: {
      bookingId: string;
      /** @description Identity checks allowed again before the next lock-out */
      attemptsAllowed: number;
    };
    CreateSessionDto: {
      bookingId: string;
    };
    SessionCreated: {
      id: string;
      /** @enum {string} */
      status: 'waiting_notary';
    };
    NoticeAck: {
      acknowledgedAt: string;
      noticeSha256: string | null;
    };
    RecordHead: {
      version: number;
      recordSha256: string | null;
      /** @description Signed records are locked */
      locked: boolean;
    };
    SignatureRef: {
      sha256: string;
      recordSha256: string | null;
      imageUrl: string;
    };
    CheckInSummary: {
      /** @enum {string} */
      method: 'terminal_attested' | 'service_verified';
      checkedAt: string;
      /** @description terminal-attested: the similarity the terminal signed (higher is closer) */
      faceScore: number | null;
      /** @description service-verified: descriptor distance (lower is closer) */
      distance: number | null;
      /** @description service-verified: FACE_MATCH_DISTANCE in force */
      threshold: number | null;
      /** @enum {string} */
      liveness: 'passed' | 'failed' | 'not_checked';
      /** @description the liveness steps asked */
      steps: string[];
      model: string | null;
      /** @enum {string|null} */
      cardSource: 'reader' | 'scan' | null;
      /** @description the ID photo and a live frame are stored (GET /api/sessions/:id/identity/images/…) */
      images: boolean;
    };
    SessionView: {
      id: string;
      bookingId: string;
      caseNo: string;
      /** @enum {string} */
      status: 'waiting_notary' | 'live' | 'signing' | 'approved' | 'rejected' | 'aborted';
      matter: components['schemas']['MatterRef'];
      applicant: components['schemas']['BookingApplicant'];
      notary: components['schemas']['NotaryRef'] | null;
      point: components['schemas']['IdName'];
      terminalId: string;
      createdAt: string;
      liveAt: string | null;
      signingAt: string | null;
      endedAt: string | null;
      endReason?: string;
      notice: components['schemas']['NoticeAck'] | null;
      record: components['schemas']['RecordHead'] | null;
      signature: components['schemas']['SignatureRef'] | null;
      checkIn: components['schemas']['CheckInSummary'] | null;
      certificateId?: string;
      certificateNo?: string;
    };
    IceServer: {
      urls: string | string[];
      username?: string;
      credential?: string;
    };
    JoinInfo: {
      /** @description Signalling join token (socket.io /signalling) */
      token: string;
      /** @enum {string} */
      role: 'notary' | 'assistant';
      iceServers: components['schemas']['IceServer'][];
    };
    NoticeView: {
      text: string;
      noticeSha256: string;
      acknowledgedAt: string | null;
    };
    NoticeAckResponse: {
      /** @enum {boolean} */
      acknowledged: true;
      text: string;
      noticeSha256: string;
      acknowledgedAt: string;
    };
    RecordEntryView: {
      question: string;
      answer: string;
    };
    InterviewRecord: {
      /** @description 0 while the notary has written nothing */
      version: number;
      entries: components['schemas']['RecordEntryView'][];
      recordSha256: string | null;
      /** @description Signed records are locked */
      locked: boolean;
    };
    RecordEntryDto: {
      /** @example 您申请办理什么公证？ */
      question: string;
      /** @example 委托公证。 */
      answer: string;
    };
    RecordDto: {
      entries: components['schemas']['RecordEntryDto'][];
    };
    RecordWritten: {
      version: number;
      recordSha256: string;
    };
    SignatureDto: {
      /** @description the signature as a base64 PNG (no data: prefix), at most 200 KB */
      imagePng: string;
      /** @description the recordSha256 of the record version the applicant was shown */
      recordSha256: string;
    };
    SignatureResponse: {
      /** @enum {string} */
      status: 'signing';
      signatureSha256: string;
      recordSha256: string;
    };
    ReasonDto: {
      reason: string;
    };
    SessionStatusResponse: {
      id: string;
      /** @enum {string} */
      status: 'waiting_notary' | 'live' | 'signing' | 'approved' | 'rejected' | 'aborted';
    };
    RecordingChunk: {
      seq: number;
      size: number;
      sha256: string;
      /** @description SHA-256 chaining this chunk to the ones before it */
      chainHash: string;
    };
    RecordingFinishManifest: {
      sessionId: string;
      chunkCount: number;
      bytes: number;
      durationMs: number;
      finalHash: string;
      manifestSha256: string;
      finishedAt: string;
    };
    RecordingOverrideView: {
      reason: string;
      /** @description The notary who recorded it */
      by: string;
      at: string;
    };
    RecordingManifest: {
      sessionId: string;
      chunks: components['schemas']['RecordingChunk'][];
      totalBytes: number;
      finalHash: string;
      /** @description The lowest chunk number the service is missing (where an upload resumes) */
      nextSeq: number;
      finished: components['schemas']['RecordingFinishManifest'] | null;
      override: components['schemas']['RecordingOverrideView'] | null;
    };
    FinishRecordingDto: {
      /** @description how many chunks the recording has: the server must hold exactly 0 … chunkCount-1 */
      chunkCount: number;
      /** @description the recording’s duration in milliseconds, as the recorder measured it */
      durationMs: number;
    };
    RecordingOverrideDto: {
      /** @example 申请人所在受理点摄像头故障，经双方同意以音频及截图留存 */
      reason: string;
    };
    RecordingOverrideResponse: {
      sessionId: string;
      override: components['schemas']['RecordingOverrideView'];
    };
    RecordingPlaybackUrl: {
      /** @description Same-origin path with a signed token, for <video src>; streams with byte ranges, no bearer header needed */
      url: string;
      /** @description When the link stops working: the recording’s length plus 30 minutes, at most 4 hours */
      expiresAt: string;
    };
    IdentitySettings: {
      /**
       * @description `off`: liveness is not checked (the console says so on screen)
       * @enum {string}
       */
      liveness: 'challenge' | 'off';
      /** @description The ID card reader’s local service the console reads (GET {cardReaderUrl}/card); null: no reader, the console’s simulator */
      cardReaderUrl: string | null;
    };
    ConsentNotice: {
      text: string;
      sha256: string;
    };
    ChallengeResponse: {
      /** Format: uuid */
      challengeId: string;
      steps: ('turn_left' | 'turn_right' | 'blink' | 'open_mouth')[];
      /** Format: date-time */
      expiresAt: string;
    };
    IdCardDto: {
      /** @example 王堃 */
      name: string;
      /** @example 32118319900307002X */
      idNumber: string;
      /**
       * @description YYYY-MM-DD or 长期
       * @example 2036-01-01
       */
      validUntil: string;
      /** @description the card chip's (or a scanned card's) photo: base64 JPEG or PNG, at most 204800 bytes */
      photo: string;
      /** @enum {string} */
      source: 'reader' | 'scan';
    };
    FrameDto: {
      /** @enum {string} */
      step: 'neutral' | 'turn_left' | 'turn_right' | 'blink' | 'open_mouth';
      /** @description base64 JPEG or PNG, at most 307200 bytes */
      image: string;
    };
    IdentityCheckDto: {
      /**
       * @description the applicant agreed to the biometric notice (GET /api/identity/consent-notice) shown before capture
       * @enum {boolean}
       */
      consent: true;
      /**
       * Format: uuid
       * @description required unless IDENTITY_LIVENESS=off
       */
      challengeId?: string;
      idCard: components['schemas']['IdCardDto'];
      frames: components['schemas']['FrameDto'][];
    };
    IdentityResult: {
      /**
       * Format: uuid
       * @description the check-in
       */
      id: string;
      /** @description descriptor distance between the ID photo and the live frames (median); lower is closer */
      distance: number;
      /** @description FACE_MATCH_DISTANCE in force */
      threshold: number;
      /** @enum {string} */
      liveness: 'passed' | 'not_checked';
      steps: string[];
      /** @example face-api dlib-resnet128 … 1.7.15 */
      model: string;
    };
    IdentityCheckResponse: {
      /** @enum {string} */
      status: 'checked_in';
      identity: components['schemas']['IdentityResult'];
    };
    MatterFieldsDto: {
      /**
       * @example {
       *       "documentTitle": "放弃继承权声明书",
       *       "declarationSummary": "自愿放弃对父亲张某某遗产的继承权",
       *       "signingMethod": "以电子签名方式签名"
       *     }
       */
      fields: {
        [key: string]: string;
      };
    };
    MatterFieldsSaved: {
      sessionId: string;
      fields: {
        [key: string]: string;
      };
    };
    ApproveDto: {
      /** @description matter-specific values for the wording; defaults to those set with PUT matter-fields */
      fields?: {
        [key: string]: string;
      };
    };
    CertificateIssued: {
      certificateId: string;
      certificateNo: string;
    };
    AuditRef: {
      seq: number;
      hash: string;
    };
    CertificateView: {
      id: string;
      no: string;
      /** @enum {string} */
      status: 'valid' | 'revoked';
      matter: components['schemas']['MatterRef'];
      office: components['schemas']['IdName'];
      holderName: string;
      holderMasked: string;
      /** Format: date-time */
      issuedAt: string;
      sessionId: string;
      bookingId: string;
      /** @description Null until the signed PDF is stored */
      pdfSha256: string | null;
      audit: components['schemas']['AuditRef'];
      /** Format: date-time */
      revokedAt?: string;
      revokeReason?: string | null;
    };
    RevokeDto: {
      /** @example 申请人提供虚假材料 */
      reason: string;
    };
    VerifiedCertificate: {
      id: string;
      no: string;
      /** @description Matter name (Chinese) */
      matter: string;
      /** @description Issuing office name */
      office: string;
      /** Format: date-time */
      issuedAt: string;
      holderMasked: string;
      status: string;
    };
    SignatureTimestamp: {
      /** Format: date-time */
      time: string;
      tsa: string;
    };
    VerifiedSignature: {
      /** @enum {string} */
      cms: 'valid' | 'invalid' | 'digest-mismatch';
      signer: string;
      /** @description The signer certificate’s serial number (hex): a renewed office certificate has another */
      signerSerial?: string;
      /** @description The trusted CA the signer’s chain ends at */
      issuer?: string;
      /** @description PAdES level, e.g. B-B or B-T */
      level?: string;
      signedAt?: string;
      timestamp?: components['schemas']['SignatureTimestamp'] | null;
      note?: string;
      problem?: string;
    };
    VerifiedAudit: {
      seq: number;
      hash: string;
      chainOk: boolean;
    };
    VerifiedLogProof: {
      /** @description Whether the certificate carries an evidence-log proof */
      present: boolean;
      ok?: boolean;
      origin?: string;
      index?: number;
      treeSize?: number;
      leafHash?: string;
      /** @description Witnesses whose cosignatures verified */
      cosignedBy?: string[];
      problem?: string;
    };
    CertificateVerifyResult: {
      valid: boolean;
      /** @enum {string} */
      reason?: 'REVOKED' | 'TAMPERED' | 'UNKNOWN' | 'AUDIT_BROKEN';
      /** Format: date-time */
      revokedAt?: string;
      certificate?: components['schemas']['VerifiedCertificate'];
      signature?: components['schemas']['VerifiedSignature'];
      audit?: components['schemas']['VerifiedAudit'];
      log?: components['schemas']['VerifiedLogProof'];
    };
    CorrectionDto: {
      /**
       * @description the printed value to replace
       * @enum {string}
       */
      field: 'terminalLabel' | 'notaryName' | 'recordingOverrideReason' | 'recordingOverrideByName';
      /**
       * @description the value to print instead
       * @example 2号终端
       */
      value: string;
      /** @example 终端名称含证书字体无法打印的字符（表情符号），按登记信息更正 */
      reason: string;
    };
    CorrectionRecorded: {
      certificateId: string;
      /** @enum {string} */
      field: 'terminalLabel' | 'notaryName' | 'recordingOverrideReason' | 'recordingOverrideByName';
      value: string;
      reason: string;
      /** @description the administrator’s user id (null once the account is gone) */
      by: string | null;
      /** Format: date-time */
      at: string;
    };
    Percentiles: {
      /** @description median, minutes (one decimal); null with no measured case */
      p50: number | null;
      /** @description 90th percentile, minutes (one decimal) */
      p90: number | null;
    };
    CaseStatsRow: {
      /** @description bookings whose appointment (or walk-in registration) falls in the range */
      booked: number;
      /** @description sessions the notary approved */
      completed: number;
      /** @description sessions the notary rejected */
      rejected: number;
      cancelled: number;
      noShow: number;
      /** @description certificates issued for these cases */
      certificates: number;
      /** @description check-in → certificate issued */
      handlingMinutes: components['schemas']['Percentiles'];
      /** @description check-in → the notary joined */
      waitingMinutes: components['schemas']['Percentiles'];
      /** @description the day (YYYY-MM-DD), or the id or code of the group; null: no notary assigned */
      key: string | null;
      /** @example 丹阳市公证处 */
      label: string;
    };
    CaseFigures: {
      /** @description bookings whose appointment (or walk-in registration) falls in the range */
      booked: number;
      /** @description sessions the notary approved */
      completed: number;
      /** @description sessions the notary rejected */
      rejected: number;
      cancelled: number;
      noShow: number;
      /** @description certificates issued for these cases */
      certificates: number;
      /** @description check-in → certificate issued */
      handlingMinutes: components['schemas']['Percentiles'];
      /** @description check-in → the notary joined */
      waitingMinutes: components['schemas']['Percentiles'];
    };
    CaseStatsView: {
      rows: components['schemas']['CaseStatsRow'][];
      total: components['schemas']['CaseFigures'];
    };
    HandlingBucket: {
      /** @description minutes, inclusive */
      fromMinutes: number;
      /** @description minutes, exclusive; null for the open last bucket */
      toMinutes: number | null;
      cases: number;
    };
    HandlingDistributionView: {
      /** @description 2-minute buckets from 0 to 60, then one for 60 and more */
      buckets: components['schemas']['HandlingBucket'][];
      handlingMinutes: components['schemas']['Percentiles'];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  AuditController_list: {
    parameters: {
      query?: {
        /** @description Return entries with seq greater than this */
        after?: number;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPage'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AuditController_verify: {
    parameters: {
      query?: {
        /** @description A head remembered earlier: its seq (give hash too) */
        seq?: number;
        /** @description A head remembered earlier: its hash (64 hex digits) */
        hash?: string;
        /** @description A checkpoint remembered earlier: its tree size (give root too) */
        size?: number;
        /** @description A checkpoint remembered earlier: its root hash (base64) */
        root?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerifyResultDto'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogPublicController_checkpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed checkpoint (C2SP signed note) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogPublicController_verifierKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The note verifier key */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogPublicController_witnesses: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Witness verifier keys, one a line */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogPublicController_tile: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A tlog tile */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogProofController_inclusion: {
    parameters: {
      query: {
        index: number;
        treeSize: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InclusionProof'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  LogProofController_consistency: {
    parameters: {
      query: {
        from: number;
        to: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConsistencyProof'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AuthController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MeResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  JwksController_jwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JwkSet'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  UsersController_list: {
    parameters: {
      query?: {
        role?: 'admin' | 'notary' | 'assistant';
        /** @description part of the username or display name */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserListRow'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  UsersController_resetPassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResetPasswordDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserStatusView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  UsersController_disable: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserStatusView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  UsersController_enable: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserStatusView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every dependency is up */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthResponse'];
        };
      };
      /** @description A dependency is down: code UNHEALTHY, details the health report */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  RegionsController_list: {
    parameters: {
      query?: {
        /** @description list the children of this region; without it, the provinces */
        parent?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegionView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  RegionsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description one region, or a list (parents may come in the same list) */
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateRegionDto'][];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegionView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  RegionsController_getCoverage: {
    parameters: {
      query: {
        region: string;
        /** @description rows below this rate are marked belowTarget */
        target?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CoverageView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  OfficesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfficeView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  OfficesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateOfficeDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfficeView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  OfficesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfficeView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AdministrationController_updateOffice: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateOfficeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OfficeView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  OfficesController_notaries: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotaryRow'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  OfficesController_createNotary: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateNotaryDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotaryCreated'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_list: {
    parameters: {
      query?: {
        /** @description points in this region or below it */
        region?: string;
        office?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePointDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdatePointDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PointView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_assistants: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StaffRow'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_createAssistant: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateStaffDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AssistantCreated'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_terminals: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TerminalView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_registerTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterTerminalDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TerminalRegistered'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_approveTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TerminalView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  PointsController_disableTerminal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TerminalView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AdministrationController_demoAccounts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DemoAccountRow'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AdministrationController_disableDemoAccounts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DemoAccountsDisabled'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  AdministrationController_updateNotary: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateNotaryDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotaryRow'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  MattersController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MatterView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  MattersController_neverRemote: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NeverRemoteMatterView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  MattersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MatterView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  MattersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateMatterDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MatterView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_slots: {
    parameters: {
      query: {
        date: string;
        matter: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Free start times on that day */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Slot'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_availabilityByDay: {
    parameters: {
      query: {
        /** @description first Shanghai date */
        from: string;
        /** @description last Shanghai date, inclusive; at most the booking horizon after from */
        to: string;
        matter: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description How many start times are free on each day from `from` to `to` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DayAvailability'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_list: {
    parameters: {
      query?: {
        pointId?: string;
        /** @description Shanghai date; default today */
        date?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateBookingDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedBooking'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_walkIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WalkInDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedBooking'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_invite: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An iCalendar invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/calendar': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_cancel: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CancelDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_reschedule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RescheduleDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_noShow: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_claim: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BookingView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_queue: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QueueItem'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  BookingController_access: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CaseAccessDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseAccessResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SchedulesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotarySchedule'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SchedulesController_put: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ScheduleDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotarySchedule'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SchedulesController_duty: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DutyDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DutyResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_checkIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CheckInDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckInResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_override: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OverrideDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckInOverrideResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionView'][];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateSessionDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionCreated'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_join: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['JoinInfo'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_notice: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NoticeView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_acknowledge: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NoticeAckResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_record: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InterviewRecord'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_writeRecord: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordWritten'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_sign: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignatureDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignatureResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_signatureImage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signature image */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/png': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_reject: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionStatusResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_abort: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionStatusResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_manifest: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingManifest'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_addRecording: {
    parameters: {
      query: {
        /** @description chunk number: 0, 1, 2 … in order, in plain decimal digits */
        seq: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/octet-stream': string;
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingChunk'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_finishRecording: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['FinishRecordingDto'];
      };
    };
    responses: {
      /** @description Finished before with the same values */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingFinishManifest'];
        };
      };
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingFinishManifest'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_recordingOverride: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordingOverrideDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingOverrideResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_playbackUrl: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordingPlaybackUrl'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  SessionController_playback: {
    parameters: {
      query?: {
        /** @description The token of a signed playback URL, instead of a bearer header */
        token?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The whole recording (WebM) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'video/webm': string;
        };
      };
      /** @description One byte range */
      206: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'video/webm': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  IdentityController_settings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IdentitySettings'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  IdentityController_notice: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConsentNotice'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  IdentityController_challenge: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChallengeResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  IdentityController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IdentityCheckDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IdentityCheckResponse'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  IdentityController_image: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        which: 'id-photo' | 'live-frame';
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The image */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/jpeg': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_matterFields: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MatterFieldsDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MatterFieldsSaved'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApproveDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CertificateIssued'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_draft: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The draft certificate PDF (unsigned, unnumbered) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_metadata: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CertificateView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed certificate PDF */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_logProof: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description c2sp.org/tlog-proof@v1: the issuing entry, its inclusion proof and the (cosigned) checkpoint */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RevokeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CertificateView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/pdf': {
          /** Format: binary */
          file?: string;
        };
        'multipart/form-data': {
          /** Format: binary */
          file?: string;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CertificateVerifyResult'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  CertificateCorrectionController_correct: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CorrectionDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CorrectionRecorded'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  StatsController_cases: {
    parameters: {
      query: {
        /** @description first Asia/Shanghai day, inclusive */
        from: string;
        /** @description last Asia/Shanghai day, inclusive; at most 366 days after from */
        to: string;
        /** @description only this office */
        office?: string;
        /** @description only this point */
        point?: string;
        /** @description only this matter */
        matter?: string;
        groupBy: 'day' | 'point' | 'matter' | 'office' | 'notary';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseStatsView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  StatsController_handling: {
    parameters: {
      query: {
        /** @description first Asia/Shanghai day, inclusive */
        from: string;
        /** @description last Asia/Shanghai day, inclusive; at most 366 days after from */
        to: string;
        /** @description only this office */
        office?: string;
        /** @description only this point */
        point?: string;
        /** @description only this matter */
        matter?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HandlingDistributionView'];
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  StatsController_casesCsv: {
    parameters: {
      query: {
        /** @description first Asia/Shanghai day, inclusive */
        from: string;
        /** @description last Asia/Shanghai day, inclusive; at most 366 days after from */
        to: string;
        /** @description only this office */
        office?: string;
        /** @description only this point */
        point?: string;
        /** @description only this matter */
        matter?: string;
        groupBy: 'day' | 'point' | 'matter' | 'office' | 'notary';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description CSV: key,label,booked,completed,rejected,cancelled,noShow,certificates,handling/waiting p50/p90 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      /** @description Any error: 4xx with a stable code, or 5xx */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
}
