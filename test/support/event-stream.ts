/* Reads a Server-Sent Events stream with fetch (and a bearer header), as the workbench does. */

export interface StreamMessage {
  id?: string;
  data: string;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** Waits for the next message whose data satisfies `match` (earlier ones are passed over). */
  next<T = unknown>(what: string, match: (data: T) => boolean, timeoutMs: number): Promise<T>;
  /** Comment lines seen so far (heartbeats). */
  comments(): string[];
  close(): void;
}

export async function openStream(url: string, bearer: string): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` }, signal: abort.signal });
  const messages: StreamMessage[] = [];
  const comments: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  if (res.ok && res.body) {
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message: StreamMessage = { data: '' };
            let hasData = false;
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              else if (line.startsWith('data:')) {
                message.data += (hasData ? '\n' : '') + line.slice(5).trim();
                hasData = true;
              } else if (line.startsWith('id:')) message.id = line.slice(3).trim();
            }
            if (hasData) messages.push(message);
          }
          wake?.();
        }
      } catch {
        // aborted
      } finally {
        ended = true;
        wake?.();
      }
    })();
  }
  let read = 0;
  return {
    status: res.status,
    headers: res.headers,
    comments: () => comments,
    close: () => abort.abort(),
    async next<T>(what: string, match: (data: T) => boolean, timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (read < messages.length) {
          const data = JSON.parse(messages[read++].data) as T;
          if (match(data)) return data;
        }
        if (ended) throw new Error(`the stream ended before ${what}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; seen ${JSON.stringify(messages)}`);
        await new Promise<void>((ok) => {
          const timer = setTimeout(ok, left);
          wake = () => {
            clearTimeout(timer);
            ok();
          };
        });
      }
    },
  };
}
