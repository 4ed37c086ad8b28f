import { render as inquirerRender } from '@inquirer/testing'

/**
 * @inquirer/testing's render, with the answer's rejection observed: a test that
 * leaves a prompt open (to read its screen) would otherwise end with Inquirer
 * closing it, an unhandled ExitPromptError that fails the whole run at random.
 * Tests that expect a rejection still see it through `answer`.
 */
export const render: typeof inquirerRender = async (...args) => {
  const rendered = await inquirerRender(...args)
  rendered.answer.catch(() => {})
  return rendered
}
