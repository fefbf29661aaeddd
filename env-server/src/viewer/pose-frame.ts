// The viewer's binary pose message (docs/viewer.md#pose-frames): one watched env after one of its steps. Little-endian:
//   byte 0       u8   kind (POSE_FRAME_KIND)
//   byte 1       u8   flags: bit 0 = the latest step reported success
//   bytes 2-3    u16  nbody
//   bytes 4-7    u32  episode step
//   bytes 8-15   f64  episode return
//   bytes 16-27  f32  goal x, y, z (NaN when the task has no positional goal)
//   bytes 28-    f32  nbody × (x, y, z, qw, qx, qy, qz) body world poses (SceneSpec.bodies order)
// viewer/viewer-app.js decodes it.

export const POSE_FRAME_KIND = 1;
export const POSE_FRAME_HEADER_BYTES = 28;
const POSE_WIDTH = 7;

export interface PoseFrame {
  episodeStep: number;
  episodeReturn: number;
  success: boolean;
  /** [x, y, z] or undefined. */
  goal: number[] | undefined;
  /** nbody × 7 floats. */
  poses: Float32Array;
}

export function encodePoseFrame(frame: PoseFrame): Buffer {
  const nbody = frame.poses.length / POSE_WIDTH;
  const bytes = Buffer.alloc(POSE_FRAME_HEADER_BYTES + frame.poses.byteLength);
  bytes.writeUInt8(POSE_FRAME_KIND, 0);
  bytes.writeUInt8(frame.success ? 1 : 0, 1);
  bytes.writeUInt16LE(nbody, 2);
  bytes.writeUInt32LE(frame.episodeStep, 4);
  bytes.writeDoubleLE(frame.episodeReturn, 8);
  for (let k = 0; k < 3; k++) bytes.writeFloatLE(frame.goal?.[k] ?? NaN, 16 + 4 * k);
  Buffer.from(frame.poses.buffer, frame.poses.byteOffset, frame.poses.byteLength).copy(bytes, POSE_FRAME_HEADER_BYTES);
  return bytes;
}

export function decodePoseFrame(bytes: Uint8Array): PoseFrame {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== POSE_FRAME_KIND) throw new Error(`not a pose frame (kind ${view.getUint8(0)})`);
  const nbody = view.getUint16(2, true);
  const goal = [0, 1, 2].map((k) => view.getFloat32(16 + 4 * k, true));
  const poses = new Float32Array(nbody * POSE_WIDTH);
  for (let f = 0; f < poses.length; f++) poses[f] = view.getFloat32(POSE_FRAME_HEADER_BYTES + 4 * f, true);
  return {
    success: (view.getUint8(1) & 1) === 1,
    episodeStep: view.getUint32(4, true),
    episodeReturn: view.getFloat64(8, true),
    goal: goal.some(Number.isNaN) ? undefined : goal,
    poses,
  };
}
