/** What each audit action is called on the audit page, in Indonesian; unknown actions show their id. */
export const ACTION_LABELS: Record<string, string> = {
  'login.ok': 'Masuk',
  'login.failed': 'Gagal masuk',
  'login.locked': 'Masuk dikunci sementara',
  'login.refused': 'Masuk ditolak',
  logout: 'Keluar',
  'case.start': 'Mencatat laporan baru',
  'case.view': 'Membuka data kasus',
  'case.search': 'Mencari kasus menurut nama anak',
  'step.complete': 'Menyelesaikan langkah',
  'deadline.met': 'Menandai tenggat terpenuhi',
  'letter.issue': 'Menerbitkan surat (nomor dan kode verifikasi)',
  'letter.revoke': 'Mencabut surat yang sudah terbit',
  'letter.download': 'Mengunduh surat (PDF)',
  'user.add': 'Membuat akun',
  'user.disable': 'Menonaktifkan akun',
  'user.enable': 'Mengaktifkan akun',
  'user.reset': 'Mereset kata sandi',
  'user.roles': 'Mengubah peran akun',
  'user.profile': 'Mengubah nama, jabatan atau NIP akun',
  'user.password': 'Mengganti kata sandi (baris perintah)',
  'account.password': 'Mengganti kata sandi sendiri',
  'account.password.failed': 'Gagal mengganti kata sandi sendiri',
  'session.revoke': 'Mencabut sesi atau token',
  'workflow.publish': 'Menerbitkan versi SOP',
  'workflow.reload': 'Memuat ulang folder SOP',
  'data.restore': 'Memulihkan folder data dari cadangan',
  'data.seal': 'Mengenkripsi kasus yang tersimpan sebelum enkripsi aktif',
  'integrity.broken': 'Pemeriksaan integritas menemukan masalah',
  'integrity.restored': 'Integritas data utuh kembali',
  'case.anonymise': 'Menghapus identitas kasus (masa simpan habis)',
  'pdp.export': 'Mengekspor data pribadi seseorang atas permintaan',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}
