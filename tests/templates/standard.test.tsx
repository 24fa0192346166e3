/** The public standard: every component of Permenpan RB 15/2014 and the pledge, channels as working links, latest figures. */
import { describe, expect, it } from 'vitest';
import { STANDARD_COMPONENTS } from '../../engine/definition/standard.ts';
import { channelHref } from '../../templates/figures/standard.tsx';
import { ServicePage } from '../../templates/service.tsx';
import { seedWorkflow } from '../engine/seed.ts';

describe('public standard', () => {
  it('channels lead somewhere: mailto:, tel:, WhatsApp, the website; a page name stays text', () => {
    expect(channelHref('email', 'dissospppa@gmail.com')).toBe('mailto:dissospppa@gmail.com');
    expect(channelHref('whatsapp', '0813 7471 5282')).toBe('https://wa.me/6281374715282');
    expect(channelHref('telepon', '081365466531')).toBe('tel:+6281365466531');
    expect(channelHref('telepon', '+62 761 123456')).toBe('tel:+62761123456');
    expect(channelHref('website', 'dinsosp3a.rokanhulukab.go.id')).toBe('https://dinsosp3a.rokanhulukab.go.id');
    expect(channelHref('facebook', 'Dinas Sosial Ppa Rohul')).toBeUndefined();
    expect(channelHref('facebook', 'https://facebook.com/dinsos')).toBe('https://facebook.com/dinsos');
    expect(channelHref('lainnya', 'javascript:alert(1)')).toBeUndefined();
  });

  it('the seed page shows all fourteen components, the pledge, working links and the latest figures', () => {
    const wf = seedWorkflow();
    const html = String(
      <ServicePage workflow={wf} figures={{ period: 'November 2026', withinStandardPercent: 80, withinStandard: 4, closed: 5, completion: '1 Hari', ikm: { period: 'Tahun 2026', respondents: 23, result: { respondents: 23, elements: [], index: 3.2, score: 80.12, grade: 'B', quality: 'Baik' } } }} />,
    );
    for (const h of ['Persyaratan', 'Sistem, mekanisme dan prosedur', 'Waktu penyelesaian', 'Biaya / tarif', 'Produk pelayanan', 'Pengaduan layanan']) expect(html).toContain(`<h2>${h}</h2>`);
    for (const c of STANDARD_COMPONENTS.filter((c) => c.key !== 'pledge')) expect(html).toContain(`<h3>${c.label}</h3>`);
    expect(html).toContain('Maklumat pelayanan');
    expect(html).toContain('href="mailto:dissospppa@gmail.com"');
    expect(html).toContain('href="https://wa.me/6281374715282"');
    expect(html).toContain('href="tel:+6281365466531"');
    expect(html).toContain('80,0%');
    expect(html).toContain('80,12 (B)');
  });
});
