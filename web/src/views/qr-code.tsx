/** Draws a QR code on a canvas from its text, on the page itself (no image service). */
import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import QRCode from "qrcode";

export function QrCanvas(props: { text: string; label: string }): JSX.Element {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current === null) return;
    // Dark on light with a quiet zone, the way phones read them best.
    void QRCode.toCanvas(ref.current, props.text, {
      width: 264,
      margin: 2,
      errorCorrectionLevel: "L",
    });
  }, [props.text]);
  return <canvas ref={ref} role="img" aria-label={props.label} class="qr" />;
}
