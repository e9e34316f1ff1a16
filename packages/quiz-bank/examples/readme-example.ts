import { loadStandardBank } from '@kefu/quiz-bank';
import { gradeItem, gradeScriptAnswer } from '@kefu/scoring';

const bank = loadStandardBank();

// A script item: the trainee answers the silent-call situation in their own words.
const silent = bank.rubricFor('call.silent');
export const grade = silent
  ? gradeScriptAnswer(
      silent,
      '您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
    )
  : undefined;
// grade.passed === false: the greeting must be asked twice before "没有声音"
// grade.feedback[0] === '要先询问"请问有什么可以帮助您",稍停约5秒,再问一次,再稍停约5秒,都没有回应才说"您的电话没有声音"。'

// A procedure item from the same bank, graded by @kefu/scoring's item types.
const owner = bank.item('complaint.first-owner');
export const ownerGrade = owner ? gradeItem(owner, { type: 'single-choice', choice: 'b' }) : undefined;
// ownerGrade.score === 1 (客服主管为第一责任人)

// The quizzes: onboarding, phone-etiquette, complaints, revisits, crisis.
export const phoneQuiz = bank.quiz('phone-etiquette');
// phoneQuiz.passMark === 0.8, phoneQuiz.attempts → { maxTries: 3, penaltyPerTry: 0.2, certaintyBasedMarking: false }
