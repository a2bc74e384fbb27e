import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/test-utils';
import { AttachmentPicker } from './attachment-picker';
import { useAttachmentDraft } from './use-attachment-draft';

function Picker() {
  const draft = useAttachmentDraft();
  return <AttachmentPicker draft={draft} />;
}

function file(name: string, type: string, size = 1200): File {
  const f = new File([new Uint8Array(Math.min(size, 16))], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

describe('AttachmentPicker', () => {
  it('shows chosen files as chips with name, type and size, and removes them', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<Picker />);
    await user.upload(screen.getByTestId('attachment-input'), [
      file('invoice.pdf', 'application/pdf', 184_320),
      file('screen.png', 'image/png', 2_048),
    ]);
    const chips = screen.getAllByTestId('file-chip');
    expect(chips).toHaveLength(2);
    expect(within(chips[0]!).getByText('invoice.pdf')).toBeInTheDocument();
    expect(within(chips[0]!).getByText(/PDF · 180 kB/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove invoice.pdf' }));
    expect(screen.getAllByTestId('file-chip')).toHaveLength(1);
  });

  it('says clearly why a file is refused: its type, its size, or too many files', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<Picker />);
    await user.upload(screen.getByTestId('attachment-input'), [
      file('setup.exe', 'application/x-msdownload'),
      file('huge.pdf', 'application/pdf', 33 * 1024 * 1024),
    ]);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      '“setup.exe” was not added: only PDF, Word, XLSX, ODS, TXT, LOG, CSV, JPG, PNG, GIF, WebP, ZIP, MP4 and WebM',
    );
    expect(alert).toHaveTextContent('“huge.pdf” was not added: it is larger than 32 MB');
    expect(screen.queryAllByTestId('file-chip')).toHaveLength(0);

    await user.upload(
      screen.getByTestId('attachment-input'),
      Array.from({ length: 11 }, (_, i) => file(`f${i}.png`, 'image/png')),
    );
    expect(screen.getAllByTestId('file-chip')).toHaveLength(10);
    expect(screen.getByRole('alert')).toHaveTextContent(
      '“f10.png” was not added: at most 10 files',
    );
  });

  it('offers and takes text, spreadsheets, ZIP and screen recordings', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<Picker />);
    const input = screen.getByTestId('attachment-input');
    const accept = input.getAttribute('accept')!.split(',');
    for (const ext of ['.txt', '.log', '.csv', '.xlsx', '.ods', '.zip', '.mp4', '.webm']) {
      expect(accept).toContain(ext);
    }
    await user.upload(input, [
      file('server.log', ''),
      // Windows declares a CSV as Excel's: the name decides for the picker.
      file('export.csv', 'application/vnd.ms-excel'),
      file('book.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      file('logs.zip', 'application/x-zip-compressed'),
      file('recording.webm', 'video/webm'),
      file('setup.msi', 'application/x-msi'),
    ]);
    expect(screen.getAllByTestId('file-chip')).toHaveLength(5);
    expect(screen.getByRole('alert')).toHaveTextContent('“setup.msi” was not added');
  });

  it('takes dropped files', () => {
    renderWithProviders(<Picker />);
    fireEvent.drop(screen.getByTestId('dropzone'), {
      dataTransfer: { files: [file('photo.jpg', 'image/jpeg')] },
    });
    expect(screen.getByText('photo.jpg')).toBeInTheDocument();
  });
});
