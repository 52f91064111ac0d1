import { io, type Socket } from 'socket.io-client';
import { endpoints } from './endpoints.js';
import { L } from './i18n.js';
import type { IncomingSignal, JoinedEvent, PeerInfo, SessionState, SignalAck } from '../../src/signalling/protocol.js';
import type { JoinInfo } from './types.js';

/**
 * One side of a session's video call: camera and microphone, an RTCPeerConnection with
 * "perfect negotiation" (W3C WebRTC §10.7 example; the notary is impolite, the assistant polite,
 * as the gateway says in `joined.polite`), and the `/signalling` socket.io namespace for SDP and
 * ICE (protocol: src/signalling/protocol.ts).
 *
 * Recovery:
 *  - a signalling blip: socket.io reconnects with a fresh join token; a media connection that
 *    survived is kept, one that did not is rebuilt;
 *  - the other side came back (`peer-reconnected`) while media is down: ICE restart;
 *  - the other side rebuilt its connection (a new `peer-joined`, or an offer carrying a new DTLS
 *    fingerprint): this side rebuilds too, so the two never talk past each other;
 *  - ICE `failed`, or `disconnected` for a few seconds: ICE restart.
 */
export type SignallingState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'replaced' | 'closed';

export interface CallState {
  signalling: SignallingState;
  peer: 'absent' | 'present';
  media: RTCPeerConnectionState | 'idle';
  camera: 'pending' | 'on' | 'unavailable';
  error?: string;
  /** The session's final status when it ended (the service then closes every peer's connection). */
  ended?: 'approved' | 'rejected' | 'aborted';
}

/** Final session states: the service disconnects every peer once one is reached. */
const FINAL = new Set(['approved', 'rejected', 'aborted']);

export interface CallCallbacks {
  onState?: (s: CallState) => void;
  onSessionState?: (s: SessionState) => void;
}

/**
 * `localStorage['demo.iceTransportPolicy'] = 'relay'` makes every connection go through TURN:
 * how to check a TURN set-up by hand, and how the browser test proves media crosses coturn.
 */
const transportPolicy = (): RTCIceTransportPolicy => (localStorage.getItem('demo.iceTransportPolicy') === 'relay' ? 'relay' : 'all');

const fingerprint = (sdp: string | undefined) => /a=fingerprint:\S+ (\S+)/.exec(sdp ?? '')?.[1] ?? null;

export class VideoCall {
  private socket?: Socket;
  private pc?: RTCPeerConnection;
  private remoteId: string | null = null;
  private polite = true;
  private iceServers: RTCIceServer[] = [];
  private local?: MediaStream;
  private readonly remote = new MediaStream();
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private signals: Promise<void> = Promise.resolve();
  private restartTimer?: ReturnType<typeof setTimeout>;
  private iceRenewTimer?: ReturnType<typeof setTimeout>;
  private joinToken?: { token: string; at: number };
  private closed = false;
  /** How many peer connections this call has made: a rebuilt connection counts one more. */
  private generation = 0;
  private readonly state: CallState = { signalling: 'connecting', peer: 'absent', media: 'idle', camera: 'pending' };

  constructor(
    private readonly sessionId: string,
    private readonly realm: 'assistant' | 'notary',
    private readonly localVideo: HTMLVideoElement,
    private readonly remoteVideo: HTMLVideoElement,
    private readonly cb: CallCallbacks = {},
  ) {
    remoteVideo.srcObject = this.remote;
  }

  async start(): Promise<void> {
    this.emit();
    await this.openCamera();
    if (this.closed) return;
    const join = await this.fetchJoin();
    if (this.closed) return;
    this.useIceServers(join.iceServers ?? []);
    this.connectSignalling();
  }

  /**
   * TURN credentials are short-lived (their username starts with the expiry, in unix seconds):
   * a fresh set is fetched from the join endpoint at four fifths of the lifetime left, for as
   * long as the call runs. A failed fetch (the session ended) leaves the current set.
   */
  private useIceServers(servers: RTCIceServer[]): void {
    this.iceServers = servers;
    this.pc?.setConfiguration({ ...this.pc.getConfiguration(), iceServers: servers });
    clearTimeout(this.iceRenewTimer);
    const expiries = servers.map((s) => Number(/^(\d+):/.exec(s.username ?? '')?.[1])).filter((n) => n > 0);
    if (!expiries.length || this.closed) return;
    const left = Math.min(...expiries) * 1000 - Date.now();
    this.iceRenewTimer = setTimeout(
      () =>
        void this.fetchJoin().then(
          (j) => !this.closed && this.useIceServers(j.iceServers ?? []),
          () => undefined,
        ),
      Math.max(10_000, left * 0.8),
    );
  }

  /** Reconnects the signalling socket after a refusal (the retry button). */
  retry(): void {
    if (this.closed || !this.socket) return;
    this.update({ signalling: 'connecting', error: undefined });
    this.joinToken = undefined;
    this.socket.connect();
  }

  /** Leaves on purpose: the gateway tells the other side at once (no grace period). */
  leave(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.iceRenewTimer);
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
    this.closePc();
    for (const t of this.local?.getTracks() ?? []) t.stop();
    this.localVideo.srcObject = null;
    this.remoteVideo.srcObject = null;
    this.update({ signalling: 'closed', media: 'closed', peer: 'absent' });
  }

  /** What the browser test reads: whether video frames arrive and leave. */
  async stats(): Promise<{
    connectionState: string;
    generation: number;
    framesDecoded: number;
    framesSent: number;
    bytesReceived: number;
    /** Candidate types of the selected pair ('host', 'srflx', 'relay'); null before one is chosen. */
    localCandidateType: string | null;
    remoteCandidateType: string | null;
  }> {
    const out = {
      connectionState: this.pc?.connectionState ?? 'idle',
      generation: this.generation,
      framesDecoded: 0,
      framesSent: 0,
      bytesReceived: 0,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
    };
    if (!this.pc) return out;
    const report = await this.pc.getStats();
    report.forEach((s: RTCStats & Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.framesDecoded += Number(s.framesDecoded ?? 0);
        out.bytesReceived += Number(s.bytesReceived ?? 0);
      }
      if (s.type === 'outbound-rtp' && s.kind === 'video') out.framesSent += Number(s.framesSent ?? 0);
    });
    // The pair in use: the transport's selectedCandidatePairId (Chromium), or the nominated, succeeded pair.
    let pairId: string | undefined;
    report.forEach((s: RTCStats & Record<string, unknown>) => {
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pairId ??= s.selectedCandidatePairId;
    });
    report.forEach((s: RTCStats & Record<string, unknown>) => {
      if (!pairId && s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pairId = s.id;
    });
    const pair = pairId ? (report.get(pairId) as Record<string, unknown> | undefined) : undefined;
    if (pair) {
      out.localCandidateType =
        ((report.get(String(pair.localCandidateId)) as Record<string, unknown> | undefined)?.candidateType as string) ?? null;
      out.remoteCandidateType =
        ((report.get(String(pair.remoteCandidateId)) as Record<string, unknown> | undefined)?.candidateType as string) ?? null;
    }
    return out;
  }

  get current(): CallState {
    return { ...this.state };
  }

  // ---- media --------------------------------------------------------------------------------

  private async openCamera(): Promise<void> {
    try {
      this.local = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      this.localVideo.srcObject = this.local;
      this.localVideo.muted = true;
      void this.localVideo.play().catch(() => undefined);
      this.update({ camera: 'on' });
    } catch (err) {
      // Without a camera the call still receives the other side.
      this.update({
        camera: 'unavailable',
        error: L('无法打开摄像头/麦克风：', 'Camera/microphone unavailable: ') + (err as Error).message,
      });
    }
  }

  private async fetchJoin(): Promise<JoinInfo> {
    const join = await endpoints.join(this.sessionId, this.realm);
    this.joinToken = { token: join.token, at: Date.now() };
    return join;
  }

  // ---- signalling ---------------------------------------------------------------------------

  private connectSignalling(): void {
    const socket = io('/signalling', {
      // Called on every (re)connection: a join token lives 10 minutes, so fetch a fresh one
      // unless the one in hand is new; a failing fetch falls back to the old token.
      auth: (cb) => {
        const fresh = this.joinToken && Date.now() - this.joinToken.at < 60_000;
        if (fresh) return cb({ token: this.joinToken!.token });
        this.fetchJoin().then(
          (j) => cb({ token: j.token }),
          () => cb({ token: this.joinToken?.token ?? '' }),
        );
      },
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      // Websocket first: behind WORKERS>1 the server offers nothing else (each long-polling request
      // may reach another worker); polling stays the fallback where websockets are blocked.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    this.socket = socket;

    socket.on('connect', () => this.update({ signalling: 'connected', error: undefined }));
    socket.on('disconnect', (reason) => {
      if (this.closed) return;
      // "io server disconnect" is the gateway ending this connection (replaced by another window).
      if (reason === 'io server disconnect') {
        // The session ended: the service closes the call on purpose, which is news, not a fault.
        if (this.state.ended) return this.update({ signalling: 'closed', error: undefined });
        if (this.state.signalling !== 'replaced')
          this.update({ signalling: 'refused', error: L('服务器断开了连接。', 'The server closed the connection.') });
        return;
      }
      this.update({ signalling: 'reconnecting' });
    });
    socket.io.on('reconnect_attempt', () => this.update({ signalling: 'reconnecting' }));
    socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (this.closed) return;
      const code = err.data?.code ?? err.message;
      if (socket.active) {
        // Transport trouble: socket.io keeps trying by itself.
        this.update({ signalling: 'reconnecting' });
        return;
      }
      if (code === 'TOKEN_EXPIRED' || code === 'UNAVAILABLE') {
        this.joinToken = undefined;
        setTimeout(() => !this.closed && socket.connect(), 1000);
        this.update({ signalling: 'reconnecting' });
        return;
      }
      this.update({ signalling: 'refused', error: `${err.data?.message ?? err.message} (${code})` });
    });
    socket.on('replaced', () =>
      this.update({ signalling: 'replaced', error: L('此会话已在另一个窗口打开。', 'This session was opened in another window.') }),
    );

    socket.on('joined', (e: JoinedEvent) => {
      this.polite = e.polite;
      if (e.iceServers?.length) this.useIceServers(e.iceServers);
      const other = e.peers[0];
      if (!other) {
        this.update({ peer: 'absent' });
        return;
      }
      this.update({ peer: 'present' });
      const media = this.pc?.connectionState;
      if (this.pc && this.remoteId === other.peerId && (media === 'connected' || media === 'connecting')) return; // a blip that media survived
      this.newPc(other.peerId);
    });
    socket.on('peer-joined', (p: PeerInfo) => {
      // A newcomer offers; this side waits for the offer with a clean slate.
      this.closePc();
      this.remoteId = p.peerId;
      this.update({ peer: 'present', media: 'idle' });
    });
    socket.on('peer-reconnected', (p: PeerInfo) => {
      this.update({ peer: 'present' });
      if (!this.pc || this.remoteId !== p.peerId) {
        this.closePc();
        this.remoteId = p.peerId;
        return;
      }
      if (this.pc.connectionState !== 'connected') this.pc.restartIce();
    });
    socket.on('peer-left', ({ peerId }: { peerId: string }) => {
      if (peerId !== this.remoteId) return;
      this.closePc();
      this.remoteId = null;
      this.update({ peer: 'absent', media: 'idle' });
    });
    socket.on('signal', (msg: IncomingSignal) => {
      this.signals = this.signals.then(() => this.onSignal(msg)).catch((err: unknown) => console.warn('signal handling failed', err));
    });
    socket.on('session-state', (s: SessionState) => {
      if (FINAL.has(s.status)) this.state.ended = s.status as CallState['ended'];
      this.cb.onSessionState?.(s);
    });
  }

  private send(body: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null }): void {
    if (!this.socket || !this.remoteId) return;
    this.socket.emit('signal', { to: this.remoteId, ...body }, (ack: SignalAck) => {
      if (!ack.ok && ack.code !== 'UNKNOWN_PEER') console.warn('signal refused', ack);
    });
  }

  // ---- the peer connection (perfect negotiation) --------------------------------------------

  private newPc(remoteId: string): RTCPeerConnection {
    this.closePc();
    this.remoteId = remoteId;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers, iceTransportPolicy: transportPolicy() });
    this.pc = pc;
    this.generation++;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.settingRemoteAnswer = false;

    pc.onnegotiationneeded = async () => {
      if (pc !== this.pc) return;
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription) this.send({ description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
      } catch (err) {
        console.warn('offer failed', err);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (pc === this.pc && candidate) this.send({ candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ track }) => {
      for (const t of this.remote.getTracks().filter((t) => t.kind === track.kind)) this.remote.removeTrack(t);
      this.remote.addTrack(track);
      this.playRemote();
    };
    pc.onconnectionstatechange = () => {
      if (pc === this.pc) this.update({ media: pc.connectionState });
    };
    pc.oniceconnectionstatechange = () => {
      if (pc !== this.pc) return;
      clearTimeout(this.restartTimer);
      if (pc.iceConnectionState === 'failed') pc.restartIce();
      if (pc.iceConnectionState === 'disconnected') {
        this.restartTimer = setTimeout(() => pc === this.pc && pc.iceConnectionState === 'disconnected' && pc.restartIce(), 3000);
      }
    };

    if (this.local) {
      for (const track of this.local.getTracks()) pc.addTrack(track, this.local);
    } else {
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    // Adding tracks fires negotiationneeded. On the answering side the browser holds the event
    // while the remote offer is being answered, and the tracks ride in that answer.
    this.update({ media: pc.connectionState });
    return pc;
  }

  private async onSignal({ from, description, candidate }: IncomingSignal): Promise<void> {
    if (this.closed) return;
    if (description) {
      let pc = this.pc;
      const theirs = fingerprint(description.sdp);
      const known = fingerprint(pc?.remoteDescription?.sdp);
      // A first offer, an offer from someone new, or one from the other side's rebuilt connection.
      if (description.type === 'offer' && (!pc || this.remoteId !== from || (known && theirs && known !== theirs))) {
        pc = this.newPc(from);
      }
      if (!pc) return;
      const ready = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !ready;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === 'answer';
      try {
        await pc.setRemoteDescription(description);
      } finally {
        this.settingRemoteAnswer = false;
      }
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        if (pc.localDescription) this.send({ description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
      }
    } else if (candidate) {
      try {
        await this.pc?.addIceCandidate(candidate);
      } catch (err) {
        // Candidates of an offer this side ignored, or of the other side's old connection.
        if (!this.ignoreOffer) console.debug('candidate dropped', err);
      }
    }
  }

  private closePc(): void {
    clearTimeout(this.restartTimer);
    if (!this.pc) return;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.pc = undefined;
    for (const t of this.remote.getTracks()) this.remote.removeTrack(t);
  }

  private playRemote(): void {
    this.remoteVideo.play().catch(() => {
      // Autoplay with sound needs a gesture; play muted rather than not at all.
      this.remoteVideo.muted = true;
      void this.remoteVideo.play().catch(() => undefined);
    });
  }

  private update(patch: Partial<CallState>): void {
    Object.assign(this.state, patch);
    this.emit();
  }

  private emit(): void {
    this.cb.onState?.({ ...this.state });
  }
}

export function describeCall(s: CallState): { text: string; kind: 'ok' | 'warn' | 'error' | 'info' } {
  if (s.signalling === 'refused' || s.signalling === 'replaced')
    return { text: s.error ?? L('无法加入视频。', 'Could not join the video.'), kind: 'error' };
  if (s.signalling === 'reconnecting')
    return { text: L('信令连接中断，正在重连…', 'Signalling connection lost; reconnecting…'), kind: 'warn' };
  if (s.signalling === 'connecting') return { text: L('正在连接信令服务…', 'Connecting to signalling…'), kind: 'info' };
  if (s.ended === 'approved')
    return { text: L('公证已完成，证书已签发。', 'Notarization complete; the certificate is issued.'), kind: 'ok' };
  if (s.ended === 'rejected')
    return { text: L('公证员决定不予办理，视频已结束。', 'The notary declined the case; the video has ended.'), kind: 'info' };
  if (s.ended === 'aborted') return { text: L('会话已中止，视频已结束。', 'The session was stopped; the video has ended.'), kind: 'info' };
  if (s.signalling === 'closed') return { text: L('已离开视频。', 'Left the video.'), kind: 'info' };
  if (s.peer === 'absent') return { text: L('已连接，等待对方加入视频…', 'Connected; waiting for the other side to join…'), kind: 'info' };
  switch (s.media) {
    case 'connected':
      return { text: L('视频已接通', 'Video connected'), kind: 'ok' };
    case 'disconnected':
      return { text: L('媒体连接不稳定，正在恢复…', 'Media connection unstable; recovering…'), kind: 'warn' };
    case 'failed':
      return { text: L('媒体连接失败，正在重试…', 'Media connection failed; retrying…'), kind: 'error' };
    case 'new':
    case 'idle':
    case 'connecting':
    case 'closed':
      return { text: L('正在建立视频连接…', 'Establishing the video connection…'), kind: 'info' };
  }
}
