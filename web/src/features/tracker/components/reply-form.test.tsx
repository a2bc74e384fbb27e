import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { problem } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/test-utils';
import { ReplyForm, type SendReply } from './reply-form';

function file(name: string, type: string): File {
  return new File([new Uint8Array(16)], name, { type });
}

describe('ReplyForm with files (portal and tracking link)', () => {
  it('sends the text with the chosen files, then clears both', async () => {
    const send = vi.fn<SendReply>().mockResolvedValue(undefined);
    renderWithProviders(<ReplyForm send={send} />);
    const user = userEvent.setup({ applyAccept: false });
    await user.type(screen.getByLabelText('Reply'), 'The receipt is attached.');
    await user.upload(screen.getByTestId('attachment-input'), [
      file('receipt.pdf', 'application/pdf'),
    ]);
    expect(screen.getByTestId('file-chip')).toHaveTextContent('receipt.pdf');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    expect(send).toHaveBeenCalledTimes(1);
    const [input, onProgress] = send.mock.calls[0]!;
    expect(input.content).toBe('The receipt is attached.');
    expect(input.files.map((f) => f.name)).toEqual(['receipt.pdf']);
    expect(typeof onProgress).toBe('function');
    expect(await screen.findByText('Your reply was sent.')).toBeInTheDocument();
    expect(screen.getByLabelText('Reply')).toHaveValue('');
    expect(screen.queryByTestId('file-chip')).not.toBeInTheDocument();
  });

  it('says plainly when the server refuses a file (415), keeping the draft to retry', async () => {
    const send = vi.fn<SendReply>().mockRejectedValue(
      new ApiError(
        problem({
          status: 415,
          code: 'unsupported_file_type',
          title: 'Unsupported file type',
          detail: '"photo.png" is of no recognised type by its content',
        }),
      ),
    );
    renderWithProviders(<ReplyForm send={send} />);
    const user = userEvent.setup({ applyAccept: false });
    await user.type(screen.getByLabelText('Reply'), 'A photo of the screen.');
    await user.upload(screen.getByTestId('attachment-input'), [file('photo.png', 'image/png')]);
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This file was refused: its content is not an accepted type.');
    expect(alert).toHaveTextContent('"photo.png" is of no recognised type by its content');
    expect(screen.getByLabelText('Reply')).toHaveValue('A photo of the screen.');
    expect(screen.getByTestId('file-chip')).toHaveTextContent('photo.png');
  });
});
